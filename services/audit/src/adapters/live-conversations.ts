/** The conversation as the live service shows it (GET /v1/conversations/{id}, conversation-state's public view). */
export interface LiveView {
  driver: string;
  assignedRepId: string | null;
  handoff: { mode: string; triggeredAt: string; messageId: string } | null;
  turn: { turnId: string; directive: string; open: boolean } | null;
  meetingId: string | null;
  optedOut: boolean;
  closed: boolean;
  revision: string;
}

export type LiveAnswer = { found: true; view: LiveView } | { found: false } | { unavailable: string };

/**
 * Reads the live state through the public API with the caller's own token (so its tenant and role rules
 * apply), never from conversation-state's tables: the API is the contract the live service keeps.
 */
export async function fetchLiveConversation(
  apiUrl: string,
  token: string,
  conversationId: string,
  timeoutMs = 5000,
): Promise<LiveAnswer> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/v1/conversations/${encodeURIComponent(conversationId)}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { unavailable: `the API at ${apiUrl} did not answer (${(error as Error).message})` };
  }
  if (response.status === 200) return { found: true, view: (await response.json()) as LiveView };
  const problem = (await response.json().catch(() => ({}))) as { detail?: string };
  // A process that serves no conversations answers Nest's own "Cannot GET": that is not the conversation missing.
  if (response.status === 404 && !/^Cannot GET/.test(problem.detail ?? '')) return { found: false };
  return {
    unavailable: `the API at ${apiUrl} answered ${response.status}${problem.detail ? `: ${problem.detail}` : ''}`,
  };
}

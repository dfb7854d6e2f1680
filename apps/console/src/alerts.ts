/**
 * A handoff for this rep or their team: a browser notification (once the rep allowed them) and a short
 * two-tone chime from the Web Audio API, so it is heard with the tab in the background.
 */
let audio: AudioContext | undefined;

export function chime(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now + i * 0.18);
      oscillator.stop(now + i * 0.18 + 0.17);
    }
  } catch {
    // no audio output: the notification and the on-page alert still say it
  }
}

export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export async function askForNotifications(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function announceHandoff(title: string, body: string, onClick: () => void): void {
  chime();
  if (!notificationsAllowed()) return;
  const notification = new Notification(title, { body, tag: title, requireInteraction: false });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}

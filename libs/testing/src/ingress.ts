import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface IngressPath {
  path: string;
  pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  backend: { service: { name: string } };
}

const ingressFile = join(__dirname, '..', '..', '..', 'deploy', 'kubernetes', 'ingress.yaml');

/** The public routes deploy/kubernetes/ingress.yaml declares: which path goes to which service. */
export function ingressRules(): { path: string; pathType: IngressPath['pathType']; service: string }[] {
  const ingress = parse(readFileSync(ingressFile, 'utf8')) as {
    spec: { rules: { http: { paths: IngressPath[] } }[] };
  };
  return ingress.spec.rules.flatMap((r) =>
    r.http.paths.map((p) => ({ path: p.path, pathType: p.pathType, service: p.backend.service.name })),
  );
}

/**
 * Which service the ingress sends a request path to, as ingress-nginx decides with use-regex: every path is a
 * regular expression anchored at the start, the longest path is tried first, and the first that matches wins.
 */
export function ingressRoute(url: string): string {
  const path = url.split('?')[0]!;
  const rules = [...ingressRules()].sort((a, b) => b.path.length - a.path.length);
  const matches = (rule: (typeof rules)[number]) =>
    rule.pathType === 'Exact'
      ? path === rule.path
      : rule.pathType === 'Prefix'
        ? rule.path === '/' || path === rule.path || path.startsWith(`${rule.path.replace(/\/$/, '')}/`)
        : new RegExp(`^${rule.path}`).test(path);
  const rule = rules.find(matches);
  if (!rule) throw new Error(`the ingress routes no rule to ${path}`);
  return rule.service;
}

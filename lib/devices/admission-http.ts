import { getDb, getDbHandle } from "@/db/client";
import { readBodyText } from "@/lib/http/read-body";
import { AdmissionService } from "./admission";
import { startAdmissionListener } from "./admission-invalidation";

/**
 * derper's side of admission: `POST /api/derp/admission/<secret>` with a JSON body and no Content-Type.
 * The secret is the only authority (derper sends no credentials), so there is no session, no cross-site check
 * and no rate limit here; every answer is 200 with `{"Allow": …}` and only a decision allows.
 */
export const ADMISSION_BODY_MAX = 4096;

const ALLOW = '{"Allow":true}';
const DENY = '{"Allow":false}';
const HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };

export function admissionAnswer(allow: boolean, status = 200): Response {
  return new Response(allow ? ALLOW : DENY, { status, headers: HEADERS });
}

export async function answerAdmission(service: AdmissionService, req: Request, secret: string): Promise<Response> {
  let body: string | null;
  try {
    body = await readBodyText(req, ADMISSION_BODY_MAX);
  } catch {
    // Too big or not UTF-8: the service counts it as a malformed request and refuses.
    body = null;
  }
  const decision = await service.decide(secret, body);
  return admissionAnswer(decision.allow);
}

const globalForAdmission = globalThis as unknown as { __admissionService?: AdmissionService; __admissionListener?: Promise<boolean> };

/**
 * The process's service, on the process's database. Its change listener starts with it; if that fails (the
 * database is down at start-up), the next call tries again, and the TTL bounds staleness meanwhile.
 */
export function admissionService(): AdmissionService {
  globalForAdmission.__admissionService ??= new AdmissionService({ db: getDb });
  globalForAdmission.__admissionListener ??= getDbHandle()
    .then(startAdmissionListener, () => false)
    .then((ok) => {
      if (!ok) globalForAdmission.__admissionListener = undefined;
      return ok;
    });
  return globalForAdmission.__admissionService;
}

// Lab selection for clients that cannot send custom headers (kubectl, client libraries): in open
// mode a bearer token `lab:<id>` acts in lab <id> (auth.ts reads it alongside real lab tokens).

const LAB_TOKEN = /^Bearer\s+lab:(\S+)\s*$/i;

/** The lab id a `Authorization: Bearer lab:<id>` header names, or undefined. */
export function labIdFromAuthorization(header: string | undefined): string | undefined {
  return header ? LAB_TOKEN.exec(header)?.[1] : undefined;
}

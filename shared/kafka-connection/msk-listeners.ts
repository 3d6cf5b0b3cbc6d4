/** MSK's client listeners: each takes its own kind of login, on its own port. */
export const MSK_LISTENERS = ['plaintext', 'tls', 'scram', 'iam'] as const;
export type MskListener = (typeof MSK_LISTENERS)[number];

// Code generated from backend/api/events.go by `make bindings`. DO NOT EDIT.

/** Every reply stream's event name starts with this. */
export const EventReply = "reply:";

/** The event that brings a learner line's feedback. */
export const EventCorrection = "correction";

/** The codes of errors and problems from Go (package errs). */
export type ErrorCode = "not_found" | "invalid" | "busy" | "limit" | "unauthorized" | "rate_limited" | "unavailable" | "conflict" | "not_ready" | "internal";

export interface ReplyEvent {
  conversationId: string;
  messageId: string;
  offset: number;
  delta: string;
  done: boolean;
  stopped: boolean;
  message?: Message | null;
  problem?: Problem | null;
}

export interface CorrectionEvent {
  message: Message;
}

export interface Message {
  id: string;
  conversationId: string;
  role: string;
  content: string;
  status: string;
  createdAt: string;
  translation: string;
  hint: string;
  choices: string[];
  hasAudio: boolean;
  correction?: Correction | null;
}

export interface Problem {
  code: ErrorCode;
  message: string;
  retryAfterSeconds: number;
  offerOffline: boolean;
}

export interface Correction {
  source: string;
  natural: boolean;
  corrected: string;
  explanation: string;
  newWords: Word[];
  diff: DiffToken[];
  youCouldSay: string;
  wordsSaved: boolean;
}

export interface Word {
  word: string;
  reading: string;
  meaning: string;
}

export interface DiffToken {
  text: string;
  op: string;
}

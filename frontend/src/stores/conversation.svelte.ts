// The conversation on screen: its messages, the reply streaming in, and the
// learner's draft, which is only cleared once Go has committed the message.
import { Conversations, errorMessage, listenForCorrections, listenForReply, type ConversationView, type Message, type Problem } from '../api';
import type { ReplyUpdate } from '../api/reply';

export class ActiveConversation {
  view = $state<ConversationView | null>(null);
  messages = $state<Message[]>([]);
  /** The reply being written, as it arrives. */
  streaming = $state<{ messageId: string; text: string } | null>(null);
  replying = $state(false);
  problem = $state<Problem | null>(null);
  error = $state('');
  /** Why the last start did not happen: the plan's monthly AI allowance. */
  limit = $state<{ message: string; offlineAvailable: boolean; scenarioId: string; lang: string } | null>(null);
  draft = $state('');
  /** The learner's recording of what is in the draft, sent with it. */
  recordingId = $state('');
  /** The last partner line that arrived while the page was open (to read it aloud). */
  arrived = $state<Message | null>(null);
  busy = $state(false);

  get id(): string {
    return this.view?.conversation.id ?? '';
  }

  get ended(): boolean {
    return !!this.view?.conversation.endedAt || !!this.view?.finished;
  }

  get lastPartnerMessage(): Message | undefined {
    const last = this.messages.at(-1);
    return last?.role === 'assistant' ? last : undefined;
  }

  private stopCorrections: (() => void) | null = null;

  private load(v: ConversationView) {
    this.view = v;
    for (const m of v.messages) this.upsert(m);
    // A learner line's feedback comes after it: take it into the line.
    this.stopCorrections ??= listenForCorrections(({ message }) => {
      if (message.conversationId === this.id) this.upsert(message);
    });
  }

  private upsert(m: Message) {
    const i = this.messages.findIndex((x) => x.id === m.id);
    // A line's feedback may come before the call that sent it returns:
    // the older copy must not take it away.
    if (i >= 0) this.messages[i] = { ...m, correction: m.correction ?? this.messages[i].correction };
    else this.messages.push(m);
    this.messages.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  private onUpdate({ event: c, text }: ReplyUpdate, close: () => void) {
    if (!c.done) {
      this.streaming = { messageId: c.messageId, text };
      return;
    }
    close();
    this.streaming = null;
    this.replying = false;
    if (c.message) {
      this.upsert(c.message);
      if (c.message.role === 'assistant' && c.message.status === 'complete') this.arrived = c.message;
    }
    if (c.problem) this.problem = c.problem;
    if (this.view) void Conversations.Open(this.id).then((v) => (this.view = v));
  }

  /** Runs a call that makes the partner reply on a stream the page names. */
  private async withReply<T>(call: (stream: string) => Promise<T>): Promise<T | undefined> {
    this.error = '';
    this.problem = null;
    this.busy = true;
    this.replying = true;
    const stream = listenForReply((u) => this.onUpdate(u, stream.close));
    try {
      const result = await call(stream.name);
      // A start the plan's limit refused has no reply coming.
      if ((result as { limit?: string } | undefined)?.limit) {
        stream.close();
        this.replying = false;
      }
      return result;
    } catch (e) {
      stream.close();
      this.replying = false;
      this.error = errorMessage(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Starts a conversation; offline picks the built-in partner whatever the
   * settings say; retry makes it a new try at the scenario, on which the AI
   * partner works on what the last report said.
   */
  async start(scenarioId: string, lang: string, offline = false, retry = false): Promise<boolean> {
    this.reset();
    const begin = offline ? Conversations.StartOffline : retry ? Conversations.TryAgain : Conversations.Start;
    const v = await this.withReply((s) => begin(scenarioId, lang, s));
    if (v?.limit) {
      this.limit = { message: v.limit, offlineAvailable: v.offlineAvailable, scenarioId, lang };
      return false;
    }
    if (v) this.load(v);
    return !!v;
  }

  async open(id: string): Promise<void> {
    this.reset();
    try {
      this.load(await Conversations.Open(id));
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async send(text = this.draft): Promise<void> {
    if (!this.view || this.replying || !text.trim()) return;
    const spoken = text === this.draft ? this.recordingId : '';
    const sent = await this.withReply((s) => (spoken ? Conversations.SendSpoken(this.id, text, spoken, s) : Conversations.Send(this.id, text, s)));
    if (sent) {
      this.upsert(sent);
      if (text === this.draft) {
        this.draft = '';
        this.recordingId = '';
      }
    }
  }

  /** Sends what the learner said hands-free, with its recording. */
  async sendSpoken(text: string, recordingId: string): Promise<void> {
    if (!this.view || this.replying || !text.trim()) return;
    const sent = await this.withReply((s) => Conversations.SendSpoken(this.id, text, recordingId, s));
    if (sent) this.upsert(sent);
  }

  async stop(): Promise<void> {
    if (this.view) await Conversations.Stop(this.id);
  }

  async retry(): Promise<void> {
    const id = this.id;
    const last = this.lastPartnerMessage;
    if (last) this.messages = this.messages.filter((m) => m.id !== last.id);
    const ok = await this.withReply((s) => Conversations.Retry(id, s).then(() => true));
    if (!ok && last) this.upsert(last);
  }

  async continueOffline(): Promise<void> {
    const v = await this.withReply((s) => Conversations.ContinueOffline(this.id, s));
    if (v) this.load(v);
  }

  async end(): Promise<void> {
    try {
      const c = await Conversations.End(this.id);
      if (this.view) this.view.conversation = c;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async rate(confidence: number, engagement: number, understanding: number): Promise<void> {
    try {
      const c = await Conversations.Rate(this.id, confidence, engagement, understanding);
      if (this.view) this.view.conversation = c;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  reset() {
    this.view = null;
    this.messages = [];
    this.streaming = null;
    this.replying = false;
    this.problem = null;
    this.error = '';
    this.limit = null;
    this.recordingId = '';
    this.arrived = null;
  }
}

export const active = new ActiveConversation();

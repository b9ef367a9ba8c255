// Hands-free conversation: the microphone stays open, a pause ends the
// learner's turn, the turn is written down and sent with no click, and the
// partner's reply is spoken sentence by sentence as it streams in. Speaking
// over the partner stops it (barge-in). The detector and the offline voice
// are loaded on first use only (see lib/voice/listener.ts and espeak.ts).
import { errorMessage, Voice, type HandsFreeSettings, type Message } from '../api';
import { micErrorMessage } from '../lib/voice/pushToTalk';
import { createReplyVoice, type ReplyVoice } from '../lib/voice/replyVoice';
import { createSentenceSplitter, type SentenceSplitter } from '../lib/voice/sentences';
import type { Listener } from '../lib/voice/listener';
import { play, stop as silence, unlock } from '../lib/voice/player';
import { encodeWav, SPEECH_SAMPLE_RATE, toBase64 } from '../lib/voice/wav';
import { active } from './conversation.svelte';
import { sayClip } from './voice.svelte';

export type HandsFreeState = 'off' | 'starting' | 'listening' | 'hearing' | 'writing' | 'waiting' | 'speaking';

/** The pauses offered; beginners get time to look for the next word. */
export const PAUSES = [
  { ms: 800, label: 'Short (0.8 s)' },
  { ms: 1200, label: 'Normal (1.2 s)' },
  { ms: 2000, label: 'Beginner: take your time (2 s)' },
  { ms: 3000, label: 'Very slow (3 s)' },
];

class HandsFree {
  settings = $state<HandsFreeSettings>({ on: false, pauseMs: 1200, listening: false });
  /** The learner's own settings have arrived (until then the controls wait). */
  loaded = $state(false);
  state = $state<HandsFreeState>('off');
  level = $state(0);
  error = $state('');

  /** True while the microphone is open for hands-free. */
  get micOpen(): boolean {
    return this.state !== 'off';
  }

  private listener: Listener | null = null;
  private conversationId = '';
  private voice: ReplyVoice = createReplyVoice({
    prepare: (sentence) => this.prepare(sentence),
    silence,
    onSpeaking: (on) => {
      this.listener?.setPartnerSpeaking(on);
      if (on) this.state = 'speaking';
      else if (this.state === 'speaking') this.state = 'listening';
    },
    onError: (e) => (this.error = errorMessage(e)),
  });
  private splitters = new Map<string, SentenceSplitter>();
  /** The reply the learner talked over: the rest of it is not spoken. */
  private silenced = '';
  private turns: Promise<void> = Promise.resolve();
  /** Bumped by each start and stop: a start that was overtaken closes what it opened. */
  private generation = 0;

  async load() {
    const saves = this.saves;
    try {
      const kept = await Voice.HandsFree();
      // A change made while loading wins.
      if (saves === this.saves) this.settings = kept;
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  // Shown at once, kept by Go; a refused change is taken back. An answer
  // that a later change has overtaken is not applied over it.
  private saves = 0;
  private async save(next: HandsFreeSettings) {
    const before = this.settings;
    const mine = ++this.saves;
    this.error = '';
    this.settings = next;
    try {
      const kept = await Voice.SaveHandsFree(next);
      if (mine === this.saves) this.settings = kept;
    } catch (e) {
      if (mine === this.saves) this.settings = before;
      this.error = errorMessage(e);
    }
  }

  /** The learner's click on "Talk hands-free". */
  async toggle(conversationId: string) {
    // Inside the click: lets the partner's audio play later without one.
    void unlock();
    const on = !this.settings.on;
    await this.save({ ...this.settings, on });
    if (on) await this.start(conversationId);
    else this.stop();
  }

  async setPause(ms: number) {
    await this.save({ ...this.settings, pauseMs: ms });
    this.listener?.setPause(this.settings.pauseMs);
  }

  async setListening(listening: boolean) {
    await this.save({ ...this.settings, listening });
  }

  /** Opens the microphone for a conversation (when hands-free is on). */
  async start(conversationId: string) {
    // Already listening here, or about to: the switch and the page both ask.
    if (this.conversationId === conversationId && this.state !== 'off') return;
    this.stop();
    const mine = ++this.generation;
    this.conversationId = conversationId;
    this.state = 'starting';
    this.error = '';
    try {
      const { startListening } = await import('../lib/voice/listener');
      const listener = await startListening({
        pauseMs: this.settings.pauseMs,
        onSpeech: () => this.onSpeech(),
        onTurn: (samples) => this.onTurn(samples),
        onLevel: (l) => (this.level = l),
      });
      if (mine !== this.generation || !this.settings.on) return listener.stop();
      this.listener = listener;
      this.state = this.voice.speaking ? 'speaking' : 'listening';
    } catch (e) {
      if (mine !== this.generation) return;
      this.state = 'off';
      this.error = micErrorMessage(e);
    }
  }

  stop() {
    this.generation++;
    const stats = this.listener?.stats();
    if (stats) performance.measure('kaiwa:vad-busy', { start: 0, duration: 0, detail: stats });
    this.listener?.stop();
    this.listener = null;
    this.voice.stop();
    this.conversationId = '';
    this.state = 'off';
    this.level = 0;
  }

  /** Listening time and detector time so far (the figure for CPU use). */
  stats() {
    return this.listener?.stats() ?? { listenedMs: 0, busyMs: 0 };
  }

  // The learner started to speak: the partner stops talking.
  private onSpeech() {
    if (this.voice.speaking || active.replying) {
      performance.mark('kaiwa:barge-in');
      this.silenced = active.streaming?.messageId ?? active.lastPartnerMessage?.id ?? '';
      this.voice.stop();
      if (active.replying) void active.stop();
    }
    this.state = 'hearing';
  }

  private onTurn(samples: Float32Array) {
    performance.mark('kaiwa:turn-end');
    const conversationId = this.conversationId;
    this.state = 'writing';
    const wav = toBase64(encodeWav(samples, SPEECH_SAMPLE_RATE));
    this.turns = this.turns.then(async () => {
      try {
        const t = await Voice.Transcribe(conversationId, wav);
        // A reply the learner talked over is being stopped: its end comes first.
        for (let i = 0; i < 100 && active.replying; i++) await new Promise((r) => setTimeout(r, 50));
        if (conversationId !== this.conversationId || active.id !== conversationId) return;
        this.state = 'waiting';
        await active.sendSpoken(t.text, t.recordingId);
      } catch (e) {
        this.error = errorMessage(e);
      } finally {
        if (this.state === 'writing' || this.state === 'waiting') this.state = this.listener ? 'listening' : 'off';
      }
    });
  }

  /** The reply streaming in: complete sentences are spoken at once. */
  replyText(messageId: string, text: string) {
    if (!this.listener || messageId === this.silenced) return;
    for (const s of this.splitter(messageId).push(text)) this.voice.say(s);
  }

  /** The reply is complete: what is left of it is spoken. */
  replyDone(m: Message) {
    if (!this.listener || m.role !== 'assistant' || m.id === this.silenced) return;
    for (const s of this.splitter(m.id).flush(m.content)) this.voice.say(s);
    this.splitters.delete(m.id);
  }

  private splitter(id: string) {
    let s = this.splitters.get(id);
    if (!s) this.splitters.set(id, (s = createSentenceSplitter()));
    return s;
  }

  private async prepare(sentence: string): Promise<() => Promise<void>> {
    const clip = await Voice.SpeakText(this.conversationId, sentence);
    if (!clip.os) return () => play(clip.audio);
    return async () => {
      if (!(await sayClip(clip))) this.error = `No voice on this computer speaks this language, so the partner's lines cannot be read aloud.`;
    };
  }
}

export const handsFree = new HandsFree();

// What the learner hears: the partner's lines (in the endpoint's voice, or
// the system's own when there is none) and their own recordings, with the
// voice preferences a conversation needs.
import { errorMessage, Preferences, Voice, type Clip, type Message } from '../api';
import { play, speakWithOS, stop } from '../lib/voice/player';
import { encodeWav, toBase64 } from '../lib/voice/wav';
import { catalog } from './catalog.svelte';

/** The "slower" speed offered on every line. */
export const SLOW = 0.75;

class VoicePlayer {
  /** The message sounding now. */
  playing = $state('');
  /** Why a line could not be heard, or how it is being heard. */
  notice = $state('');
  speakReplies = $state(false);
  sendAfterSpeaking = $state(false);
  speed = $state(1);

  async loadPreferences() {
    const p = await Preferences.Get();
    this.speakReplies = p.speakReplies;
    this.sendAfterSpeaking = p.sendAfterSpeaking;
    this.speed = p.speechSpeed || 1;
  }

  /** Reads a partner's line aloud; slow plays it at 0.75×. */
  speak(m: Message, slow = false): Promise<void> {
    return this.sound(m, () => Voice.Speak(m.id), slow);
  }

  /** Plays the learner's own recording of a message they spoke. */
  playRecording(m: Message): Promise<void> {
    return this.sound(m, () => Voice.Recording(m.id), false);
  }

  stop() {
    stop();
    this.playing = '';
  }

  private async sound(m: Message, fetch: () => Promise<Clip>, slow: boolean) {
    this.notice = '';
    this.playing = m.id;
    try {
      const clip = await fetch();
      if (clip.note) this.notice = clip.note;
      if (!(await sayClip(clip, (clip.os ? this.speed : 1) * (slow ? SLOW : 1)))) this.notice = noVoice(clip.lang);
    } catch (e) {
      this.notice = errorMessage(e);
    } finally {
      if (this.playing === m.id) this.playing = '';
    }
  }
}

/**
 * Plays a clip: the endpoint's audio, else the computer's own voice for the
 * language, else eSpeak NG (loaded on first use), which speaks all of
 * Kaiwa's languages offline. False when nothing can say it.
 */
export async function sayClip(clip: Clip, rate = 1): Promise<boolean> {
  if (!clip.os) {
    await play(clip.audio, rate);
    return true;
  }
  if (await speakWithOS(clip.text, clip.lang, rate)) return true;
  const { espeakSpeech, espeakVoice } = await import('../lib/voice/espeak');
  if (!espeakVoice(clip.lang)) return false;
  const speech = await espeakSpeech(clip.text, clip.lang, rate);
  await play(`data:audio/wav;base64,${toBase64(encodeWav(speech.samples, speech.sampleRate))}`);
  return true;
}

function noVoice(lang: string): string {
  const name = catalog.language(lang)?.name ?? lang;
  return `No ${name} voice is installed on this computer, so this line cannot be read aloud. ` +
    `Add one in your system's speech settings (on Linux, for example, the espeak-ng or speech-dispatcher voices), ` +
    'or set up an AI partner with speech in Settings.';
}

export const voice = new VoicePlayer();

// The page's only door to the Go services: typed wrappers over the bindings
// Wails generates (./wailsjs), so views never touch window.go directly.
import * as App from './wailsjs/go/main/App';
import * as Catalog from './wailsjs/go/catalog/Service';
import * as Conversations from './wailsjs/go/conversation/Service';
import * as Partner from './wailsjs/go/partner/Service';
import * as Profiles from './wailsjs/go/profiles/Service';
import * as Updates from './wailsjs/go/updates/Service';
import * as Prefs from './wailsjs/go/preferences/Service';
import * as Progress from './wailsjs/go/progress/Service';
import * as Billing from './wailsjs/go/billing/Service';
import * as Voice from './wailsjs/go/voice/Service';
import { EventsOff, EventsOn } from './wailsjs/runtime/runtime';
import type { billing as b, voice as v, conversation, main, partner, profiles as p, progress as pr, store, updates as u } from './wailsjs/go/models';

export type About = main.About;
export type Language = store.Language;
export type Speaker = store.Speaker;
export type Scenario = store.Scenario;
export type Conversation = store.Conversation;
export type Message = store.Message;
export type ConversationView = conversation.View;

/** A failure told to the learner (conversation.Problem in Go). */
export interface Problem {
  kind: string;
  message: string;
  retryAfterSeconds: number;
  offerOffline: boolean;
}

/** One event of a reply stream (conversation.Chunk in Go). */
export interface Chunk {
  conversationId: string;
  messageId: string;
  text: string;
  done: boolean;
  stopped: boolean;
  message?: Message;
  problem?: Problem;
}
export type PartnerSettings = partner.Settings;
export type User = store.User;
export type SessionState = p.State;
export type ProfileForm = p.Form;

export const about = (): Promise<About> => App.About();
export const openDataFolder = () => App.OpenDataFolder();
export const openLogFolder = () => App.OpenLogFolder();

export type Preferences = store.Preferences;
export const preferences = {
  get: (): Promise<Preferences> => Prefs.Get(),
  save: (p: Preferences): Promise<Preferences> => Prefs.Save(p),
};

export type ProgressSummary = pr.Summary;
export const progressSummary = (): Promise<ProgressSummary> => Progress.Summary();

export type UpdateNotice = u.Notice;
export const updates = {
  check: (): Promise<UpdateNotice> => Updates.Check(),
  download: () => Updates.Download(),
  enabled: (): Promise<boolean> => Updates.Enabled(),
  setEnabled: (on: boolean) => Updates.SetEnabled(on),
};
export const languages = (): Promise<Language[]> => Catalog.Languages();
export const speakers = (lang: string): Promise<Speaker[]> => Catalog.Speakers(lang);
export const scenarios = (): Promise<Scenario[]> => Catalog.Scenarios();

export const conversations = {
  offlineScenarios: (lang: string): Promise<string[]> => Conversations.OfflineScenarios(lang),
  start: (scenarioId: string, lang: string, stream: string) => Conversations.Start(scenarioId, lang, stream),
  startOffline: (scenarioId: string, lang: string, stream: string) => Conversations.StartOffline(scenarioId, lang, stream),
  open: (id: string) => Conversations.Open(id),
  list: (): Promise<Conversation[]> => Conversations.List(),
  send: (id: string, text: string, stream: string) => Conversations.Send(id, text, stream),
  sendSpoken: (id: string, text: string, recordingId: string, stream: string) => Conversations.SendSpoken(id, text, recordingId, stream),
  stop: (id: string) => Conversations.Stop(id),
  retry: (id: string, stream: string) => Conversations.Retry(id, stream),
  continueOffline: (id: string, stream: string) => Conversations.ContinueOffline(id, stream),
  end: (id: string) => Conversations.End(id),
  remove: (id: string) => Conversations.Delete(id),
  rate: (id: string, confidence: number, engagement: number, understanding: number) =>
    Conversations.Rate(id, confidence, engagement, understanding),
};

export type Tier = store.Tier;
export type Licence = b.Licence;
/** The plans page (billing.Plans in Go). */
export interface Plans {
  tiers: Tier[];
  current: string;
  used: { conversations: number; minutes: number };
  licence?: Licence;
}
export const billing = {
  plans: (): Promise<Plans> => Billing.Plans(),
  upgrade: (tier: string) => Billing.Upgrade(tier),
  manage: () => Billing.ManageBilling(),
  activate: (key: string): Promise<Plans> => Billing.Activate(key),
  deactivate: (): Promise<Plans> => Billing.Deactivate(),
};

export type Clip = v.Clip;
export type Transcript = v.Transcript;
export type VoiceModels = v.Models;
export const voice = {
  speak: (messageId: string): Promise<Clip> => Voice.Speak(messageId),
  recording: (messageId: string): Promise<Clip> => Voice.Recording(messageId),
  transcribe: (conversationId: string, wavBase64: string): Promise<Transcript> => Voice.Transcribe(conversationId, wavBase64),
  models: (): Promise<VoiceModels> => Voice.Models(),
  saveModels: (m: VoiceModels): Promise<VoiceModels> => Voice.SaveModels(m),
};

export const profiles = {
  current: (): Promise<SessionState> => Profiles.Current(),
  choose: (id: string) => Profiles.Choose(id),
  create: (f: ProfileForm) => Profiles.Create(f),
  saveGuest: (f: ProfileForm) => Profiles.SaveGuest(f),
  declineSave: () => Profiles.DeclineSave(),
  discardGuest: () => Profiles.DiscardGuest(),
  rename: (id: string, name: string) => Profiles.Rename(id, name),
  remove: (id: string) => Profiles.Delete(id),
  signOut: () => Profiles.SignOut(),
};

export const partnerSettings = {
  get: (): Promise<PartnerSettings> => Partner.Settings(),
  save: (kind: string, baseUrl: string, model: string) => Partner.Save(kind, baseUrl, model),
  saveKey: (key: string) => Partner.SaveAPIKey(key),
  removeKey: () => Partner.RemoveAPIKey(),
  models: (baseUrl: string): Promise<string[]> => Partner.Models(baseUrl),
  test: (): Promise<string> => Partner.TestConnection(),
};

let streams = 0;

/**
 * Listens for one reply stream. The page names the stream before asking Go
 * for the reply, so not even the first words can be missed.
 */
export function listenForReply(onChunk: (c: Chunk) => void): { name: string; close: () => void } {
  const name = `reply:${Date.now().toString(36)}-${++streams}`;
  // Events can arrive out of order: nothing after the last one counts, and
  // a partial text never replaces a longer one.
  let finished = false;
  let shown = 0;
  EventsOn(name, (c: Chunk) => {
    if (finished || (!c.done && c.text.length < shown)) return;
    finished = c.done;
    shown = c.text.length;
    onChunk(c);
  });
  return { name, close: () => EventsOff(name) };
}

// errorMessage turns whatever a binding rejected with into a sentence.
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return 'Something went wrong. Please try again.';
}

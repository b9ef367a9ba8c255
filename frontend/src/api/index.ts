// The page's only door to Go: the bound methods of backend/api, under the
// same names as in Go (so a grep finds both sides), with their errors turned
// into ApiError. Views never touch window.go directly.
import * as AppGo from './wailsjs/go/api/App';
import * as BillingGo from './wailsjs/go/api/Billing';
import * as CatalogGo from './wailsjs/go/api/Catalog';
import * as ConversationsGo from './wailsjs/go/api/Conversations';
import * as DataGo from './wailsjs/go/api/Data';
import * as MemoryGo from './wailsjs/go/api/Memory';
import * as PartnerGo from './wailsjs/go/api/Partner';
import * as PreferencesGo from './wailsjs/go/api/Preferences';
import * as ProfilesGo from './wailsjs/go/api/Profiles';
import * as ProgressGo from './wailsjs/go/api/Progress';
import * as ReadingGo from './wailsjs/go/api/Reading';
import * as ScenesGo from './wailsjs/go/api/Scenes';
import * as UpdatesGo from './wailsjs/go/api/Updates';
import * as VocabularyGo from './wailsjs/go/api/Vocabulary';
import * as VoiceGo from './wailsjs/go/api/Voice';
import type { api } from './wailsjs/go/models';
import type { ErrorCode, Message as EventMessage } from './events';

export { listenForCorrections, listenForReply } from './reply';
export type { Correction, CorrectionEvent, DiffToken, ErrorCode, Problem, ReplyEvent, Word } from './events';

export type About = api.About;
export type FirstScreen = api.FirstScreen;
export type Language = api.Language;
export type Speaker = api.Speaker;
export type Scenario = api.Scenario;
export type Conversation = api.Conversation;
// Messages come from calls and from events: the generated interface fits both.
export type Message = EventMessage;
export type ConversationView = api.ConversationView;
export type PartnerSettings = api.PartnerSettings;
export type User = api.User;
export type SignIn = api.SignIn;
export type ProfileForm = api.ProfileForm;
export type PreferencesForm = api.PreferencesForm;
export type ProgressSummary = api.ProgressSummary;
export type UpdateNotice = api.UpdateNotice;
export type UpdatePreference = api.UpdatePreference;
export type Tier = api.Tier;
export type Licence = api.Licence;
export type Plans = api.Plans;
export type Clip = api.Clip;
export type Transcript = api.Transcript;
export type VoiceModels = api.VoiceModels;
export type HandsFreeSettings = api.HandsFree;
export type Report = api.Report;
export type Segment = api.Segment;
export type WordToSave = api.WordToSave;
export type VocabularyCard = api.VocabularyCard;
export type VocabularyStats = api.VocabularyStats;
export type LanguageLevel = api.LanguageLevel;
export type ScenarioTries = api.ScenarioTries;
export type MemoryPage = api.MemoryPage;
export type Fact = api.Fact;
export type SceneForm = api.SceneForm;
export type OwnScene = api.OwnScene;
export type OwnScenes = api.OwnScenes;

/** An error from Go: a stable code to branch on and a sentence for the learner. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turns whatever a bound method rejected with into an ApiError. */
export function apiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.message === 'string') {
    return new ApiError(e.code as ErrorCode, e.message);
  }
  // The bridge itself failed (Go never answered with an error of its own).
  return new ApiError('internal', typeof err === 'string' ? err : err instanceof Error ? err.message : 'Something went wrong. Please try again.');
}

type Bound = Record<string, (...args: never[]) => Promise<unknown>>;

/** The same methods, rejecting with ApiError. */
function coded<M extends Bound>(methods: M): M {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(methods)) {
    out[name] = (...args: never[]) => f(...args).catch((e: unknown) => Promise.reject(apiError(e)));
  }
  return out as M;
}

export const App = coded(AppGo);
export const Billing = coded(BillingGo);
export const Catalog = coded(CatalogGo);
export const Conversations = coded(ConversationsGo);
export const Data = coded(DataGo);
export const Memory = coded(MemoryGo);
export const Partner = coded(PartnerGo);
export const Preferences = coded(PreferencesGo);
export const Profiles = coded(ProfilesGo);
export const Progress = coded(ProgressGo);
export const Reading = coded(ReadingGo);
export const Scenes = coded(ScenesGo);
export const Updates = coded(UpdatesGo);
export const Vocabulary = coded(VocabularyGo);
export const Voice = coded(VoiceGo);

/** The sentence to show for a failed call. */
export function errorMessage(err: unknown): string {
  return apiError(err).message;
}

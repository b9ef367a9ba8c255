package api

import (
	"context"
	"time"

	"kaiwa/backend/offline"
	"kaiwa/backend/profiles"
	"kaiwa/backend/reading"
	"kaiwa/backend/store"
	"kaiwa/backend/vocabulary"
	"kaiwa/backend/voice"
)

// App is the installation: version, folders and start-up problems.
type App struct{ b *Backend }

// About describes this installation and any start-up problem. It answers
// even when start-up failed: the problem page needs it.
func (a *App) About() About {
	a.b.waitStarted()
	a.b.mu.RLock()
	defer a.b.mu.RUnlock()
	in := a.b.install
	return About{Version: in.Version, DataDir: in.DataDir, LogDir: in.LogDir, Problem: a.b.problem}
}

// FirstScreen is everything the first screen shows, in one answer. The page
// finds it inside itself when Go had it ready as the page was served (see
// Backend.FirstScreenNow), and asks for it otherwise. With a start-up
// problem only About is filled in.
func (a *App) FirstScreen() (FirstScreen, error) {
	first := FirstScreen{About: a.About()}
	if first.About.Problem != "" {
		return first, nil
	}
	var err error
	// Current first: on the very first start it makes the guest whose
	// preferences are read next.
	if first.SignIn, err = (&Profiles{a.b}).Current(); err != nil {
		return first, err
	}
	if first.Languages, err = (&Catalog{a.b}).Languages(); err != nil {
		return first, err
	}
	if first.Scenarios, err = (&Catalog{a.b}).Scenarios(); err != nil {
		return first, err
	}
	if p, err := (&Preferences{a.b}).Get(); err == nil {
		first.Preferences = &p
	}
	return first, nil
}

// OpenDataFolder shows the data folder in the system's file manager.
func (a *App) OpenDataFolder() { a.b.install.OpenFolder(a.b.install.DataDir) }

// Retry tries to start again after a start-up problem, and says how it went.
func (a *App) Retry() About {
	a.b.install.Retry()
	return a.About()
}

// OpenLogFolder shows the log folder in the system's file manager.
func (a *App) OpenLogFolder() { a.b.install.OpenFolder(a.b.install.LogDir) }

// FirstScreenPainted is told by the page when its first screen has been
// painted (unixMs on the page's clock): the log then says how long start-up
// took, and scripts/smoke.sh and scripts/measure.sh read that line.
func (a *App) FirstScreenPainted(unixMs int64) {
	at := time.UnixMilli(unixMs)
	attrs := []any{"unixMs", unixMs}
	if !a.b.install.Launched.IsZero() {
		attrs = append(attrs, "sinceLaunchMs", at.Sub(a.b.install.Launched).Milliseconds())
	}
	a.b.log.Info("first screen painted", attrs...)
}

// Catalog is what can be practised: languages, speakers, scenarios.
type Catalog struct{ b *Backend }

func (c *Catalog) Languages() ([]Language, error) {
	return call(c.b, func(ctx context.Context, s *Services) ([]Language, error) {
		ls, err := s.Catalog.Languages(ctx)
		return mapAll(ls, func(l store.Language) Language { return Language(l) }), err
	})
}

func (c *Catalog) Speakers(lang string) ([]Speaker, error) {
	return call(c.b, func(ctx context.Context, s *Services) ([]Speaker, error) {
		ss, err := s.Catalog.Speakers(ctx, lang)
		return mapAll(ss, func(v store.Speaker) Speaker { return Speaker(v) }), err
	})
}

func (c *Catalog) Scenarios() ([]Scenario, error) {
	return call(c.b, func(ctx context.Context, s *Services) ([]Scenario, error) {
		ss, err := s.Catalog.Scenarios(ctx)
		return mapAll(ss, scenarioOf), err
	})
}

// OfflineScenarios lists the scenarios the offline partner has in a language.
func (c *Catalog) OfflineScenarios(lang string) ([]string, error) {
	return call(c.b, func(ctx context.Context, s *Services) ([]string, error) {
		return s.Conversations.OfflineScenarios(lang), nil
	})
}

// Conversations is practice: start, talk, stop, retry, end, rate.
type Conversations struct{ b *Backend }

// Start begins a conversation in a scenario with the chosen partner; its
// opening line arrives on the reply event named stream.
func (c *Conversations) Start(scenarioID, lang, stream string) (ConversationView, error) {
	return call(c.b, func(ctx context.Context, s *Services) (ConversationView, error) {
		if err := checkStream(stream); err != nil {
			return ConversationView{}, err
		}
		v, err := s.Conversations.Start(ctx, scenarioID, lang, stream)
		return viewOf(v), err
	})
}

// TryAgain begins a new attempt at a scenario tried before; the AI partner
// is told what the last report said to work on.
func (c *Conversations) TryAgain(scenarioID, lang, stream string) (ConversationView, error) {
	return call(c.b, func(ctx context.Context, s *Services) (ConversationView, error) {
		if err := checkStream(stream); err != nil {
			return ConversationView{}, err
		}
		v, err := s.Conversations.TryAgain(ctx, scenarioID, lang, stream)
		return viewOf(v), err
	})
}

// Tries lists the learner's attempts at each scenario in a language.
func (c *Conversations) Tries(lang string) ([]ScenarioTries, error) {
	return call(c.b, func(ctx context.Context, s *Services) ([]ScenarioTries, error) {
		ts, err := s.Conversations.Tries(ctx, lang)
		return mapAll(ts, triesOf), err
	})
}

// StartOffline begins a conversation with the offline partner, always free.
func (c *Conversations) StartOffline(scenarioID, lang, stream string) (ConversationView, error) {
	return call(c.b, func(ctx context.Context, s *Services) (ConversationView, error) {
		if err := checkStream(stream); err != nil {
			return ConversationView{}, err
		}
		v, err := s.Conversations.StartOffline(ctx, scenarioID, lang, stream)
		return viewOf(v), err
	})
}

func (c *Conversations) Open(id string) (ConversationView, error) {
	return call(c.b, func(ctx context.Context, s *Services) (ConversationView, error) {
		v, err := s.Conversations.Open(ctx, id)
		return viewOf(v), err
	})
}

// List returns the learner's conversations, newest first.
func (c *Conversations) List() ([]Conversation, error) {
	return call(c.b, func(ctx context.Context, s *Services) ([]Conversation, error) {
		cs, err := s.Conversations.List(ctx)
		return mapAll(cs, conversationOf), err
	})
}

// Send commits the learner's message and asks for the reply on stream.
func (c *Conversations) Send(id, text, stream string) (Message, error) {
	return call(c.b, func(ctx context.Context, s *Services) (Message, error) {
		if err := checkStream(stream); err != nil {
			return Message{}, err
		}
		m, err := s.Conversations.Send(ctx, id, text, stream)
		return messageOf(m), err
	})
}

// SendSpoken is Send for a spoken message, kept with its recording.
func (c *Conversations) SendSpoken(id, text, recordingID, stream string) (Message, error) {
	return call(c.b, func(ctx context.Context, s *Services) (Message, error) {
		if err := checkStream(stream); err != nil {
			return Message{}, err
		}
		m, err := s.Conversations.SendSpoken(ctx, id, text, recordingID, stream)
		return messageOf(m), err
	})
}

// Stop stops the reply being written; what arrived is kept.
func (c *Conversations) Stop(id string) error {
	return do(c.b, func(ctx context.Context, s *Services) error { return s.Conversations.Stop(ctx, id) })
}

// Retry asks the AI partner again for the last reply.
func (c *Conversations) Retry(id, stream string) error {
	return do(c.b, func(ctx context.Context, s *Services) error {
		if err := checkStream(stream); err != nil {
			return err
		}
		return s.Conversations.Retry(ctx, id, stream)
	})
}

// ContinueOffline hands the conversation to the offline partner.
func (c *Conversations) ContinueOffline(id, stream string) (ConversationView, error) {
	return call(c.b, func(ctx context.Context, s *Services) (ConversationView, error) {
		if err := checkStream(stream); err != nil {
			return ConversationView{}, err
		}
		v, err := s.Conversations.ContinueOffline(ctx, id, stream)
		return viewOf(v), err
	})
}

func (c *Conversations) End(id string) (Conversation, error) {
	return call(c.b, func(ctx context.Context, s *Services) (Conversation, error) {
		conv, err := s.Conversations.End(ctx, id)
		return conversationOf(conv), err
	})
}

// Delete deletes a conversation's messages and audio.
func (c *Conversations) Delete(id string) error {
	return do(c.b, func(ctx context.Context, s *Services) error { return s.Conversations.Delete(ctx, id) })
}

// Rate records the learner's ratings of a session (1–5, 0 = skipped).
func (c *Conversations) Rate(id string, confidence, engagement, understanding int) (Conversation, error) {
	return call(c.b, func(ctx context.Context, s *Services) (Conversation, error) {
		conv, err := s.Conversations.Rate(ctx, id, confidence, engagement, understanding)
		return conversationOf(conv), err
	})
}

// Report returns a finished session's report (written once, then kept).
func (c *Conversations) Report(id string) (Report, error) {
	return call(c.b, func(ctx context.Context, s *Services) (Report, error) {
		r, err := s.Conversations.Report(ctx, id)
		return reportOf(r), err
	})
}

// Translate returns a partner line in the learner's own language.
func (c *Conversations) Translate(messageID string) (string, error) {
	return call(c.b, func(ctx context.Context, s *Services) (string, error) {
		return s.Conversations.Translate(ctx, messageID)
	})
}

// Meaning looks up a word of a partner line in the learner's own language.
func (c *Conversations) Meaning(messageID, word string) (string, error) {
	return call(c.b, func(ctx context.Context, s *Services) (string, error) {
		return s.Conversations.Meaning(ctx, messageID, word)
	})
}

// HintWords are the words of a scripted hint's example, with their meanings.
func (c *Conversations) HintWords(messageID string) (HintWords, error) {
	return call(c.b, func(ctx context.Context, s *Services) (HintWords, error) {
		example, gs, err := s.Conversations.HintWords(ctx, messageID)
		words := mapAll(gs, func(g offline.Gloss) Word { return Word{Word: g.Word, Meaning: g.Meaning} })
		return HintWords{Example: example, Words: words}, err
	})
}

// Reading is the reading aids: furigana, pinyin, transliteration.
type Reading struct{ b *Backend }

// Of splits a line into runs with their readings. Korean is romanized in
// the page, so it comes back bare, as do languages without an aid.
func (r *Reading) Of(lang, text string) ([]Segment, error) {
	return call(r.b, func(ctx context.Context, s *Services) ([]Segment, error) {
		segs, err := s.Reading.Of(lang, text)
		return mapAll(segs, func(g reading.Segment) Segment { return Segment(g) }), err
	})
}

// Partner is the choice of AI partner: endpoint, model, key.
type Partner struct{ b *Backend }

func (p *Partner) Settings() (PartnerSettings, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PartnerSettings, error) {
		st, err := s.Partner.Settings(ctx)
		return partnerSettingsOf(st), err
	})
}

func (p *Partner) Save(kind, baseURL, model string) (PartnerSettings, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PartnerSettings, error) {
		st, err := s.Partner.Save(ctx, kind, baseURL, model)
		return partnerSettingsOf(st), err
	})
}

// SaveAPIKey keeps a key for baseURL's origin, and sends it nowhere else.
func (p *Partner) SaveAPIKey(baseURL, key string) (PartnerSettings, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PartnerSettings, error) {
		st, err := s.Partner.SaveAPIKey(ctx, baseURL, key)
		return partnerSettingsOf(st), err
	})
}

// ReuseAPIKey uses the previous endpoint's key for the current one too.
func (p *Partner) ReuseAPIKey() (PartnerSettings, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PartnerSettings, error) {
		st, err := s.Partner.ReuseAPIKey(ctx)
		return partnerSettingsOf(st), err
	})
}

func (p *Partner) RemoveAPIKey(baseURL string) (PartnerSettings, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PartnerSettings, error) {
		st, err := s.Partner.RemoveAPIKey(ctx, baseURL)
		return partnerSettingsOf(st), err
	})
}

// Models lists the models an endpoint offers, with the key typed for it
// (or the one saved for its origin).
func (p *Partner) Models(baseURL, typedKey string) ([]string, error) {
	return call(p.b, func(ctx context.Context, s *Services) ([]string, error) {
		return s.Partner.Models(ctx, baseURL, typedKey)
	})
}

// TestConnection checks the endpoint answers and knows the model.
func (p *Partner) TestConnection() (string, error) {
	return call(p.b, func(ctx context.Context, s *Services) (string, error) { return s.Partner.TestConnection(ctx) })
}

// Preferences are the learner's own settings.
type Preferences struct{ b *Backend }

func (p *Preferences) Get() (PreferencesForm, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PreferencesForm, error) {
		v, err := s.Preferences.Get(ctx)
		return PreferencesForm(v), err
	})
}

func (p *Preferences) Save(f PreferencesForm) (PreferencesForm, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PreferencesForm, error) {
		v, err := s.Preferences.Save(ctx, store.Preferences(f))
		return PreferencesForm(v), err
	})
}

// SetReadingAid turns readings on or off for a language's lines.
func (p *Preferences) SetReadingAid(lang string, on bool) (PreferencesForm, error) {
	return call(p.b, func(ctx context.Context, s *Services) (PreferencesForm, error) {
		v, err := s.Preferences.SetReadingAid(ctx, lang, on)
		return PreferencesForm(v), err
	})
}

// Profiles is who is practising.
type Profiles struct{ b *Backend }

func (p *Profiles) state(f func(context.Context, *profiles.Service) (profiles.State, error)) (SignIn, error) {
	return call(p.b, func(ctx context.Context, s *Services) (SignIn, error) {
		st, err := f(ctx, s.Profiles)
		return signInOf(st), err
	})
}

// Current restores the last sign-in, or lands on the guest or the chooser.
func (p *Profiles) Current() (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) { return s.Current(ctx) })
}

func (p *Profiles) Choose(id string) (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) { return s.Choose(ctx, id) })
}

func (p *Profiles) Create(f ProfileForm) (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) {
		return s.Create(ctx, profiles.Form(f))
	})
}

// SaveGuest turns the guest into a profile, keeping all they did.
func (p *Profiles) SaveGuest(f ProfileForm) (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) {
		return s.SaveGuest(ctx, profiles.Form(f))
	})
}

func (p *Profiles) DeclineSave() (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) { return s.DeclineSave(ctx) })
}

func (p *Profiles) DiscardGuest() (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) { return s.DiscardGuest(ctx) })
}

func (p *Profiles) Rename(id, name string) (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) { return s.Rename(ctx, id, name) })
}

func (p *Profiles) Delete(id string) (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) { return s.Delete(ctx, id) })
}

func (p *Profiles) SignOut() (SignIn, error) {
	return p.state(func(ctx context.Context, s *profiles.Service) (profiles.State, error) { return s.SignOut(ctx) })
}

// Progress is study time, streaks and charts.
type Progress struct{ b *Backend }

func (p *Progress) Summary() (ProgressSummary, error) {
	return call(p.b, func(ctx context.Context, s *Services) (ProgressSummary, error) {
		sum, err := s.Progress.Summary(ctx)
		return progressOf(sum), err
	})
}

// Levels lists the learner's level in each language they practise, with why.
func (p *Progress) Levels() ([]LanguageLevel, error) {
	return call(p.b, func(ctx context.Context, s *Services) ([]LanguageLevel, error) {
		ls, err := s.Levels.Levels(ctx)
		return mapAll(ls, languageLevelOf), err
	})
}

// ChooseLevel sets the learner's own level in a language (A1…C2); ""
// hands it back to Kaiwa's estimate.
func (p *Progress) ChooseLevel(lang, cefr string) (LanguageLevel, error) {
	return call(p.b, func(ctx context.Context, s *Services) (LanguageLevel, error) {
		l, err := s.Levels.Choose(ctx, lang, cefr)
		return languageLevelOf(l), err
	})
}

// Updates is the quiet daily check for a newer Kaiwa, once the learner
// allowed it.
type Updates struct{ b *Backend }

func (u *Updates) Check() (UpdateNotice, error) {
	return call(u.b, func(ctx context.Context, s *Services) (UpdateNotice, error) {
		n, err := s.Updates.Check(ctx)
		return noticeOf(n), err
	})
}

func (u *Updates) Download() error {
	return do(u.b, func(ctx context.Context, s *Services) error { return s.Updates.Download(ctx) })
}

// Preference says whether this build has an update feed, whether the
// learner was asked if Kaiwa may check it, and their answer.
func (u *Updates) Preference() (UpdatePreference, error) {
	return call(u.b, func(ctx context.Context, s *Services) (UpdatePreference, error) {
		p, err := s.Updates.Preference(ctx)
		return UpdatePreference(p), err
	})
}

// SetEnabled records the learner's answer: check once a day, or never.
func (u *Updates) SetEnabled(on bool) error {
	return do(u.b, func(ctx context.Context, s *Services) error { return s.Updates.SetEnabled(ctx, on) })
}

// Billing is plans, checkout and licences.
type Billing struct{ b *Backend }

func (p *Billing) Plans() (Plans, error) {
	return call(p.b, func(ctx context.Context, s *Services) (Plans, error) {
		pl, err := s.Billing.Plans(ctx)
		return plansOf(pl), err
	})
}

// Upgrade opens the hosted checkout of a tier in the browser.
func (p *Billing) Upgrade(tier string) error {
	return do(p.b, func(ctx context.Context, s *Services) error { return s.Billing.Upgrade(ctx, tier) })
}

// ManageBilling opens the customer portal in the browser.
func (p *Billing) ManageBilling() error {
	return do(p.b, func(ctx context.Context, s *Services) error { return s.Billing.ManageBilling(ctx) })
}

// Activate activates a licence key on this computer.
func (p *Billing) Activate(key string) (Plans, error) {
	return call(p.b, func(ctx context.Context, s *Services) (Plans, error) {
		pl, err := s.Billing.Activate(ctx, key)
		return plansOf(pl), err
	})
}

// Deactivate frees this computer's activation of the licence.
func (p *Billing) Deactivate() (Plans, error) {
	return call(p.b, func(ctx context.Context, s *Services) (Plans, error) {
		pl, err := s.Billing.Deactivate(ctx)
		return plansOf(pl), err
	})
}

// Voice is the partner's lines as audio and the learner's speech as text.
type Voice struct{ b *Backend }

// Speak returns a partner line as audio, or the text for the system's voice.
func (v *Voice) Speak(messageID string) (Clip, error) {
	return call(v.b, func(ctx context.Context, s *Services) (Clip, error) {
		c, err := s.Voice.Speak(ctx, messageID)
		return clipOf(c), err
	})
}

// SpeakText says a sentence of a reply still being written, so it is heard
// before the reply is complete.
func (v *Voice) SpeakText(conversationID, text string) (Clip, error) {
	return call(v.b, func(ctx context.Context, s *Services) (Clip, error) {
		c, err := s.Voice.SpeakText(ctx, conversationID, text)
		return clipOf(c), err
	})
}

// HandsFree returns the learner's hands-free conversation settings.
func (v *Voice) HandsFree() (HandsFree, error) {
	return call(v.b, func(ctx context.Context, s *Services) (HandsFree, error) {
		h, err := s.Voice.HandsFree(ctx)
		return HandsFree(h), err
	})
}

// SaveHandsFree keeps the learner's hands-free conversation settings.
func (v *Voice) SaveHandsFree(h HandsFree) (HandsFree, error) {
	return call(v.b, func(ctx context.Context, s *Services) (HandsFree, error) {
		out, err := s.Voice.SaveHandsFree(ctx, voice.HandsFree(h))
		return HandsFree(out), err
	})
}

// Recording returns the learner's own recording of a message they sent.
func (v *Voice) Recording(messageID string) (Clip, error) {
	return call(v.b, func(ctx context.Context, s *Services) (Clip, error) {
		c, err := s.Voice.Recording(ctx, messageID)
		return clipOf(c), err
	})
}

// Transcribe turns a recording (a base64 WAV) into text.
func (v *Voice) Transcribe(conversationID, wavBase64 string) (Transcript, error) {
	return call(v.b, func(ctx context.Context, s *Services) (Transcript, error) {
		t, err := s.Voice.Transcribe(ctx, conversationID, wavBase64)
		return Transcript(t), err
	})
}

func (v *Voice) Models() (VoiceModels, error) {
	return call(v.b, func(ctx context.Context, s *Services) (VoiceModels, error) {
		m, err := s.Voice.Models(ctx)
		return VoiceModels(m), err
	})
}

func (v *Voice) SaveModels(m VoiceModels) (VoiceModels, error) {
	return call(v.b, func(ctx context.Context, s *Services) (VoiceModels, error) {
		out, err := s.Voice.SaveModels(ctx, voice.Models(m))
		return VoiceModels(out), err
	})
}

// Vocabulary is the learner's saved words and their review.
type Vocabulary struct{ b *Backend }

// Save keeps a word as a card, due now; the same word saved again is the
// same card.
func (v *Vocabulary) Save(w WordToSave) (VocabularyCard, error) {
	return call(v.b, func(ctx context.Context, s *Services) (VocabularyCard, error) {
		c, err := s.Vocabulary.Save(ctx, vocabulary.Word(w))
		return vocabularyCardOf(c), err
	})
}

// Due lists the cards due now, soonest first.
func (v *Vocabulary) Due(limit int) ([]VocabularyCard, error) {
	return call(v.b, func(ctx context.Context, s *Services) ([]VocabularyCard, error) {
		cs, err := s.Vocabulary.Due(ctx, limit)
		return mapAll(cs, vocabularyCardOf), err
	})
}

// Rate schedules a card: 1 Again, 2 Hard, 3 Good, 4 Easy.
func (v *Vocabulary) Rate(cardID string, rating int) (VocabularyCard, error) {
	return call(v.b, func(ctx context.Context, s *Services) (VocabularyCard, error) {
		c, err := s.Vocabulary.Rate(ctx, cardID, vocabulary.Rating(rating))
		return vocabularyCardOf(c), err
	})
}

func (v *Vocabulary) Stats() (VocabularyStats, error) {
	return call(v.b, func(ctx context.Context, s *Services) (VocabularyStats, error) {
		st, err := s.Vocabulary.Stats(ctx)
		return vocabularyStatsOf(st), err
	})
}

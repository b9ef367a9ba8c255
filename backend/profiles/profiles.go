// Package profiles is who is practising: a guest created silently on first
// launch, saved profiles several learners can share a computer with, the
// local sign-in that restores the last one, and the gentle rhythm of asking a
// guest whether to save their progress.
package profiles

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/store"
)

// Service keeps the profiles and who is signed in.
type Service struct {
	Store *store.Store
	Clock clock.Clock // the learner's clock, for today's streak and minutes
	// Deleting, when set, is told of a learner about to be deleted, so what
	// they keep outside SQLite (a licence key, recordings) goes too.
	Deleting func(ctx context.Context, userID string)
}

// State is who is signed in and what the page should offer.
type State struct {
	// Learner is the signed-in learner; nil means "choose a profile".
	Learner *store.User
	// Profiles are the saved profiles on this computer.
	Profiles []store.User
	// FirstRun is true for a guest who has not practised yet: onboarding.
	FirstRun bool
	// AskToSave is true when it is time to ask a guest to save their progress.
	AskToSave bool
	// Today is the signed-in learner's streak and daily goal.
	Today *Today
}

// Form is the short profile form.
type Form struct {
	Name           string
	Email          string
	NativeLanguage string
	TargetLanguage string
	Goal           string
	Level          string
}

// Learner returns the signed-in learner, for the other services.
func Learner(ctx context.Context, st *store.Store) (store.User, error) {
	u, err := st.SignedIn(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return u, errs.New(errs.NotFound, "Choose a profile first.")
	}
	return u, err
}

// Current restores the last session; with none, it lands on the profile
// chooser when profiles exist, and otherwise on the guest flow.
func (s *Service) Current(ctx context.Context) (State, error) {
	_, err := s.Store.SignedIn(ctx)
	if errors.Is(err, store.ErrNotFound) {
		users, err := s.Store.Users(ctx)
		if err != nil {
			return State{}, err
		}
		if len(profilesOf(users)) > 0 {
			return State{Profiles: profilesOf(users)}, nil
		}
		guest, err := s.guest(ctx, users)
		if err != nil {
			return State{}, err
		}
		if err := s.Store.SignIn(ctx, guest.ID); err != nil {
			return State{}, err
		}
	} else if err != nil {
		return State{}, err
	}
	return s.state(ctx)
}

// guest reuses the guest already on this computer, or creates one.
func (s *Service) guest(ctx context.Context, users []store.User) (store.User, error) {
	for _, u := range users {
		if u.IsGuest {
			return u, nil
		}
	}
	return s.Store.CreateUser(ctx, store.NewUser{IsGuest: true})
}

func profilesOf(users []store.User) []store.User {
	out := []store.User{}
	for _, u := range users {
		if !u.IsGuest {
			out = append(out, u)
		}
	}
	return out
}

func (s *Service) state(ctx context.Context) (State, error) {
	u, err := s.Store.SignedIn(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return s.Current(ctx)
	} else if err != nil {
		return State{}, err
	}
	users, err := s.Store.Users(ctx)
	if err != nil {
		return State{}, err
	}
	today, err := s.today(ctx, u.ID, s.Clock.Now())
	if err != nil {
		return State{}, err
	}
	st := State{Learner: &u, Profiles: profilesOf(users), Today: &today}
	if u.IsGuest {
		convs, err := s.Store.Conversations(ctx, u.ID, 1)
		if err != nil {
			return State{}, err
		}
		finished, err := s.Store.FinishedConversations(ctx, u.ID)
		if err != nil {
			return State{}, err
		}
		st.FirstRun = len(convs) == 0
		st.AskToSave = finished >= u.SaveAskAfter
	}
	return st, nil
}

// Choose signs in to a profile.
func (s *Service) Choose(ctx context.Context, id string) (State, error) {
	if _, err := s.Store.User(ctx, id); err != nil {
		return State{}, notFound(err)
	}
	if err := s.Store.SignIn(ctx, id); err != nil {
		return State{}, err
	}
	return s.state(ctx)
}

// Create makes a new profile and signs in to it.
func (s *Service) Create(ctx context.Context, f Form) (State, error) {
	n, err := s.check(ctx, f)
	if err != nil {
		return State{}, err
	}
	u, err := s.Store.CreateUser(ctx, n)
	if err != nil {
		return State{}, err
	}
	return s.Choose(ctx, u.ID)
}

// SaveGuest turns the signed-in guest into a profile in place: every
// conversation, message and preference stays theirs.
func (s *Service) SaveGuest(ctx context.Context, f Form) (State, error) {
	u, err := Learner(ctx, s.Store)
	if err != nil {
		return State{}, err
	}
	if !u.IsGuest {
		return State{}, errs.New(errs.Conflict, "This profile is already saved.")
	}
	n, err := s.check(ctx, f)
	if err != nil {
		return State{}, err
	}
	if _, err := s.Store.SaveProfile(ctx, u.ID, n); err != nil {
		return State{}, err
	}
	return s.state(ctx)
}

// nextAsk is the rhythm of the save question after a guest says no: three
// sessions later, then six, then twelve, never more than 24 apart.
func nextAsk(finished, declines int) int {
	gap := 3 << min(declines-1, 3)
	return finished + min(gap, 24)
}

// DeclineSave keeps the learner a guest; the question comes back later.
func (s *Service) DeclineSave(ctx context.Context) (State, error) {
	u, err := Learner(ctx, s.Store)
	if err != nil {
		return State{}, err
	}
	finished, err := s.Store.FinishedConversations(ctx, u.ID)
	if err != nil {
		return State{}, err
	}
	declines := u.SaveDeclines + 1
	if err := s.Store.SetSaveAsk(ctx, u.ID, declines, nextAsk(finished, declines)); err != nil {
		return State{}, err
	}
	return s.state(ctx)
}

// DiscardGuest deletes the guest and everything they did, and starts afresh.
func (s *Service) DiscardGuest(ctx context.Context) (State, error) {
	u, err := Learner(ctx, s.Store)
	if err != nil {
		return State{}, err
	}
	if !u.IsGuest {
		return State{}, errs.New(errs.Conflict, "Only a guest's data can be discarded this way; delete a profile from the profile list.")
	}
	if err := s.deleteUser(ctx, u.ID); err != nil {
		return State{}, err
	}
	return s.Current(ctx)
}

// Rename renames a profile.
func (s *Service) Rename(ctx context.Context, id, name string) (State, error) {
	name, err := checkName(name)
	if err != nil {
		return State{}, err
	}
	if err := s.Store.Rename(ctx, id, name); err != nil {
		return State{}, notFound(err)
	}
	return s.afterChange(ctx)
}

// Delete deletes a profile with all its data.
func (s *Service) Delete(ctx context.Context, id string) (State, error) {
	if err := s.deleteUser(ctx, id); err != nil {
		return State{}, notFound(err)
	}
	return s.afterChange(ctx)
}

func (s *Service) deleteUser(ctx context.Context, id string) error {
	if _, err := s.Store.User(ctx, id); err != nil {
		return err
	}
	if s.Deleting != nil {
		s.Deleting(ctx, id)
	}
	return s.Store.DeleteUser(ctx, id)
}

// SignOut ends the local session.
func (s *Service) SignOut(ctx context.Context) (State, error) {
	if err := s.Store.SignOut(ctx); err != nil {
		return State{}, err
	}
	return s.afterChange(ctx)
}

// afterChange shows the signed-in learner, or the chooser when nobody is.
func (s *Service) afterChange(ctx context.Context) (State, error) {
	if _, err := s.Store.SignedIn(ctx); errors.Is(err, store.ErrNotFound) {
		return s.Current(ctx)
	}
	return s.state(ctx)
}

func checkName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", errs.New(errs.Invalid, "Enter a name for the profile.")
	case n > 40:
		return "", errs.Errorf(errs.Invalid, "That name is %d characters long; keep it to 40.", n)
	}
	return name, nil
}

func (s *Service) check(ctx context.Context, f Form) (store.NewUser, error) {
	name, err := checkName(f.Name)
	if err != nil {
		return store.NewUser{}, err
	}
	email := strings.TrimSpace(f.Email)
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			return store.NewUser{}, fmt.Errorf("%q is not an email address. Leave it empty if you prefer.", email)
		}
	}
	for what, code := range map[string]string{"native language": f.NativeLanguage, "language to practise": f.TargetLanguage} {
		if code == "" {
			continue
		}
		if _, err := s.Store.Language(ctx, code); errors.Is(err, store.ErrNotFound) {
			return store.NewUser{}, errs.Errorf(errs.Invalid, "Choose your %s from the list.", what)
		} else if err != nil {
			return store.NewUser{}, err
		}
	}
	if !store.ValidGoal(f.Goal) || !store.ValidLevel(f.Level) {
		return store.NewUser{}, errs.New(errs.Invalid, "Choose a goal and a level from the lists.")
	}
	return store.NewUser{DisplayName: name, Email: email, NativeLanguage: f.NativeLanguage,
		TargetLanguage: f.TargetLanguage, Goal: f.Goal, Level: f.Level}, nil
}

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.NotFound, "That profile no longer exists.")
	}
	return err
}

// Package errs is Kaiwa's one error type: a stable code the page can branch
// on, and a sentence the learner can act on. Domain packages return *Error
// for what a learner should read; anything else is an internal failure whose
// details go to the log, never to the page.
package errs

import (
	"errors"
	"fmt"
)

// Code says what kind of failure an error is. The page branches on codes,
// never on text.
type Code string

const (
	NotFound     Code = "not_found"    // the thing asked for is not there (or not the learner's)
	Invalid      Code = "invalid"      // bad input: nothing was changed
	Busy         Code = "busy"         // something is in progress; try again when it ends
	Limit        Code = "limit"        // the plan's allowance is used up
	Unauthorized Code = "unauthorized" // a key or licence was refused
	RateLimited  Code = "rate_limited" // asked to wait before trying again
	Unavailable  Code = "unavailable"  // a service, the network or the keyring cannot be reached
	Conflict     Code = "conflict"     // the request clashes with the current state
	NotReady     Code = "not_ready"    // Kaiwa could not start; the problem page says why
	Internal     Code = "internal"     // a bug or an unexpected failure
)

// Codes are every code, for the page's generated list.
var Codes = []Code{NotFound, Invalid, Busy, Limit, Unauthorized, RateLimited, Unavailable, Conflict, NotReady, Internal}

// Error is a failure with a code and a learner-facing message.
type Error struct {
	Code    Code
	Message string
	// Err is the underlying cause, for errors.Is/As and logs; it is never
	// shown to the learner.
	Err error
}

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and message.
func New(code Code, message string) *Error { return &Error{Code: code, Message: message} }

// Errorf returns an error with a code and a formatted message. %w is not
// special: wrap causes with Wrap so they stay out of the message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap keeps cause behind a coded, learner-facing message.
func Wrap(code Code, cause error, message string) *Error {
	return &Error{Code: code, Message: message, Err: cause}
}

// Coder is implemented by other error types that know their code (the AI
// endpoint's, the licence provider's), so they need not be rewrapped.
type Coder interface {
	error
	ErrorCode() Code
}

// CodeOf returns err's code: its own, a wrapped one's, or Internal.
func CodeOf(err error) Code {
	code, _ := find(err)
	return code
}

// internalMessage is what a learner reads for a failure that is not theirs
// to fix; the details are in the log.
const internalMessage = "Something went wrong inside Kaiwa. Try again; if it keeps happening, the log in the data folder says more."

// MessageOf returns the sentence for the learner: the message of a coded
// error, or a general one for an internal failure (whose text may hold
// paths or SQL and is for the log only).
func MessageOf(err error) string {
	_, msg := find(err)
	return msg
}

// find is the code and learner's sentence of the first coded error in err's
// chain.
func find(err error) (Code, string) {
	var e *Error
	var c Coder
	switch {
	case err == nil:
		return "", ""
	case errors.As(err, &e):
		return e.Code, e.Message
	case errors.As(err, &c):
		return c.ErrorCode(), c.Error()
	}
	return Internal, internalMessage
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

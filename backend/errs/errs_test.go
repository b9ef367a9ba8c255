package errs

import (
	"errors"
	"fmt"
	"testing"
)

type coded struct{}

func (coded) Error() string   { return "The AI provider refused the API key." }
func (coded) ErrorCode() Code { return Unauthorized }

func TestCodeAndMessage(t *testing.T) {
	for _, tc := range []struct {
		err       error
		code      Code
		message   string
		isInvalid bool
	}{
		{nil, "", "", false},
		{New(Invalid, "Type a message first."), Invalid, "Type a message first.", true},
		{fmt.Errorf("send: %w", New(Invalid, "Type a message first.")), Invalid, "Type a message first.", true},
		{Wrap(NotFound, errors.New("sql: no rows in result set"), "That message is no longer there."), NotFound, "That message is no longer there.", false},
		{fmt.Errorf("speak: %w", coded{}), Unauthorized, "The AI provider refused the API key.", false},
		{errors.New("disk I/O error: /home/ana/.config/Kaiwa/kaiwa.db"), Internal, internalMessage, false},
	} {
		if got := CodeOf(tc.err); got != tc.code {
			t.Errorf("CodeOf(%v) = %q, want %q", tc.err, got, tc.code)
		}
		if got := MessageOf(tc.err); got != tc.message {
			t.Errorf("MessageOf(%v) = %q, want %q", tc.err, got, tc.message)
		}
		if Is(tc.err, Invalid) != tc.isInvalid {
			t.Errorf("Is(%v, Invalid) = %v", tc.err, !tc.isInvalid)
		}
	}
}

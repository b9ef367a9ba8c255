package secrets

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestMaskNeverShowsMoreThanSevenCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "••••",
		"short":                     "••••",
		"sk-abcdefgh":               "••••",
		"sk-abcdefghij":             "sk-…ghij",
		"sk-proj-0123456789abcdefg": "sk-…defg",
		"鍵鍵鍵鍵鍵鍵鍵鍵鍵鍵鍵鍵鍵": "鍵鍵鍵…鍵鍵鍵鍵",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// A keyring that does not answer (a daemon hung, an unlock prompt nobody
// sees) costs the learner the timeout, not the app.
func TestAKeyringThatHangsTimesOut(t *testing.T) {
	k := &Keyring{Timeout: 50 * time.Millisecond}
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	err := k.call(func() error { <-release; return nil })
	if !errors.Is(err, ErrTimeout) || time.Since(start) > time.Second {
		t.Fatalf("call = %v after %v, want ErrTimeout after 50 ms", err, time.Since(start))
	}
	if err := k.call(func() error { return nil }); err != nil {
		t.Fatalf("a quick call: %v", err)
	}
}

func TestSetRefusesWhatIsNotAKey(t *testing.T) {
	k := &Keyring{}
	for _, bad := range []string{"", "   ", strings.Repeat("x", maxLen+1), "sk-one\nsk-two"} {
		if err := k.Set("test-"+fmt.Sprint(len(bad)), bad); err == nil {
			t.Errorf("Set(%.20q) accepted", bad)
		} else if strings.TrimSpace(bad) != "" && strings.Contains(err.Error(), strings.TrimSpace(bad)) {
			t.Errorf("the error repeats the value")
		}
	}
}

// With no Secret Service on the session bus, the learner is told plainly
// what to do instead.
func TestNoKeyringServiceIsExplained(t *testing.T) {
	if os.Getenv("KAIWA_REAL_KEYRING") == "1" {
		t.Skip("a keyring service is running")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kaiwa-test-bus")
	k := &Keyring{}
	_, _, err := k.Get("probe")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "KAIWA_AI_API_KEY") {
		t.Fatalf("err = %v, want ErrUnavailable naming KAIWA_AI_API_KEY", err)
	}
	if err := k.Set("probe", "sk-secret-value-123"); !errors.Is(err, ErrUnavailable) || strings.Contains(err.Error(), "sk-secret") {
		t.Fatalf("Set err = %v", err)
	}
}

// The real OS keyring: run through scripts/with-keyring.sh, which starts a
// gnome-keyring on a private D-Bus and sets KAIWA_REAL_KEYRING=1.
func TestRealKeyringRoundTrip(t *testing.T) {
	if os.Getenv("KAIWA_REAL_KEYRING") != "1" {
		t.Skip("run via scripts/with-keyring.sh to use a real keyring")
	}
	k := &Keyring{}
	name := fmt.Sprintf("test-%d", time.Now().UnixNano())
	secret := "sk-real-keyring-0123456789"
	if err := k.Set(name, "  "+secret+"  "); err != nil {
		t.Fatal(err)
	}
	v, src, err := k.Get(name)
	if err != nil || v != secret || src != FromKeyring {
		t.Fatalf("Get = %q, %q, %v", v, src, err)
	}
	out, err := exec.Command("secret-tool", "search", "--all", "service", Service, "username", name).CombinedOutput()
	if err != nil || !strings.Contains(string(out), name) {
		t.Fatalf("secret-tool does not see the item: %v\n%s", err, out)
	}
	if err := k.Delete(name); err != nil {
		t.Fatal(err)
	}
	if v, _, err := k.Get(name); v != "" || err != nil {
		t.Fatalf("after Delete: %q, %v", v, err)
	}
	if err := k.Delete(name); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

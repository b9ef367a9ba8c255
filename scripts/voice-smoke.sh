#!/usr/bin/env bash
# Voice in the real window: the production binary under Xvfb, with a private
# PulseAudio (scripts/pulse.sh: a null sink, and a 440 Hz sine source as the
# microphone) and the fake OpenAI-compatible endpoint (frontend/e2e/
# fake-ai-server.mjs) as the AI partner. Buttons are found as a screen reader
# finds them, by role and name over AT-SPI (scripts/atspi.py), and clicked or
# held with the real mouse (xdotool). It checks that
#   (a) after a click on "Play this line" the partner's line is heard on the
#       null sink (and nothing is heard before), and
#   (b) holding "Hold to talk" records the microphone: the transcript lands in
#       the message box and a 16 kHz mono WAV that is not silent is saved
#       under the data dir's audio/recordings/, and
#   (c) with "Talk hands-free" on, a Spanish sentence (made with espeak-ng)
#       played into the microphone is taken as the learner's turn with no
#       click: the endpoint writes it down, the reply is asked for, and the
#       partner's spoken reply is heard on the null sink. The voice detector
#       (WebAssembly) runs in the real webview under the page's CSP, and
#   (d) restarted with the offline partner and no voice for Spanish in the
#       webview (WebKitGTK speaks English only), "Play this line" is heard:
#       eSpeak NG, loaded from the page's build, reads it.
# Usage: scripts/voice-smoke.sh [BINARY]   (default build/bin/kaiwa; ~10 s)
set -euo pipefail
BIN=${1:-build/bin/kaiwa}
cd "$(dirname "$0")/.."

# A private session bus: the app's single-instance check and the address of
# the accessibility bus live there. Unlike smoke.sh, accessibility stays on:
# it is how this test finds the buttons.
if [[ -z ${KAIWA_VOICE_BUS:-} ]]; then
  exec env -u NO_AT_BRIDGE -u GTK_A11Y KAIWA_VOICE_BUS=1 \
    dbus-run-session --config-file=scripts/dbus-session.conf -- "$0" "$@"
fi
source scripts/lib.sh
source scripts/pulse.sh

OUT=build/test-results
LOG=$OUT/voice-smoke.log          # the app's stdout and stderr
FAKE_LOG=$OUT/voice-fake-ai.log   # the fake endpoint: its URL, then what it was asked
A11Y_LOG=$OUT/voice-atspi.log
SHOT=$OUT/voice-window.png
mkdir -p "$OUT"
: >"$LOG"; : >"$FAKE_LOG"; : >"$A11Y_LOG"
# Debian's python3, whatever python3 comes first on PATH: it has the AT-SPI bindings.
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
T0=$(date +%s%N)
elapsed() { awk -v n="$(date +%s%N)" -v t="$T0" 'BEGIN { printf "%.1f", (n - t) / 1e9 }'; }
say() { printf 'voice-smoke: %s\n' "$*"; }
atspi() { "$PY" scripts/atspi.py "$@"; }

fail() {
  say "FAILED at $(elapsed) s: $*"
  import -window root "$SHOT" 2>/dev/null && say "the screen at the failure: $SHOT"
  if [[ -n ${APP:-} ]]; then
    if ! kill -0 "$APP" 2>/dev/null; then
      say "kaiwa is no longer running"
    elif ! pgrep -P "$APP" WebKitWebProces >/dev/null; then
      say "kaiwa's web content process is gone (crashed? see dmesg): the window shows its last picture"
    fi
  fi
  echo "--- last lines of the app's output ($LOG):"
  tail -n 30 "$LOG" 2>/dev/null || true
  if [[ -n ${DATA:-} && -f $DATA/logs/kaiwa.log ]]; then
    echo "--- last lines of the app's log file:"
    tail -n 20 "$DATA/logs/kaiwa.log"
  fi
  echo "--- the fake endpoint ($FAKE_LOG):"
  tail -n 10 "$FAKE_LOG" 2>/dev/null || true
  exit 1
}

# click ROLE NAME [atspi.py find options]: a left click in the middle of it.
# wait_drawn WHEN: waits for the window of $APP and then for its first screen
# before anyone asks AT-SPI anything: WebKitGTK 2.50.6's web process segfaults
# (about 1 launch in 7 here) when an accessibility client calls it while the
# page is loading. WHEN ends the failure's sentence.
wait_drawn() {
  local window="" colours=0
  for _ in $(seq 200); do
    window=$(xdotool search --onlyvisible --name '^Kaiwa$' 2>/dev/null | head -1) && [[ -n $window ]] && break
    kill -0 "$APP" 2>/dev/null || fail "kaiwa exited early$1"
    sleep 0.05
  done
  [[ -n $window ]] || fail "no window titled Kaiwa after 10 s$1"
  for _ in $(seq 100); do
    import -window root "$RUN/shot.png"
    colours=$(convert "$RUN/shot.png" -format %k info:)
    ((colours > 1000)) && break
    sleep 0.1
  done
  ((colours > 1000)) || fail "the window stayed blank for 10 s$1"
}

click() {
  local at
  at=$(atspi find "$@") || fail "no $1 '$2' to click"
  # shellcheck disable=SC2086 # "X Y"
  xdotool mousemove $at click 1
}

# heard_over_click SECONDS AT: clicks at AT ("X Y") and prints the sink's level
# over SECONDS from just before the click (recorded into $RUN/level).
heard_over_click() {
  sink_level "$1" >"$RUN/level" &
  PIDS+=("$!")
  sleep 0.1
  # shellcheck disable=SC2086 # "X Y"
  xdotool mousemove $2 click 1
  wait "${PIDS[-1]}" || true
  cat "$RUN/level"
}

# wav_report FILE: "rate channels bits seconds rms onset tail_rms" of a PCM
# WAV, where onset is when the first 100 ms louder than 0.1 starts and
# tail_rms is the level of its last second.
wav_report() {
  "$PY" - "$1" <<'PY'
import array, math, sys, wave
with wave.open(sys.argv[1]) as w:
    rate, ch, width, n = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
    raw = w.readframes(n)
if width != 2:
    print(rate, ch, 8 * width, n / rate, 0, -1, 0)
    sys.exit()
a = array.array("h", raw)
rms = lambda s: math.sqrt(sum(x * x for x in s) / max(1, len(s))) / 32768
block = rate * ch // 10
onset = next((i / 10 for i in range(len(a) // block) if rms(a[i * block:(i + 1) * block]) > 0.1), -1)
print(rate, ch, 16, f"{n / rate:.2f}", f"{rms(a):.4f}", onset, f"{rms(a[-rate * ch:]):.4f}")
PY
}

for tool in Xvfb xdotool import parec pactl node; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/setup.sh"
done
"$PY" -c 'import gi; gi.require_version("Atspi", "2.0")' 2>/dev/null ||
  fail "the AT-SPI bindings for $PY are missing: run scripts/setup.sh (python3-pyatspi)"
[[ -x $BIN ]] || fail "no binary at $BIN: run make build"

temp_dir DATA
temp_dir RUN
chmod 700 "$RUN"
start_xvfb
start_pulse

# The accessibility bus and its registry, both started here (the session bus
# has no service files, so nothing is activated behind our back); the bus's
# socket goes into $RUN, not ~/.cache.
launcher="" registryd=""
for d in /usr/libexec /usr/lib/at-spi2-core /usr/lib/x86_64-linux-gnu/at-spi2-core; do
  [[ -z $launcher && -x $d/at-spi-bus-launcher ]] && launcher=$d/at-spi-bus-launcher
  [[ -z $registryd && -x $d/at-spi2-registryd ]] && registryd=$d/at-spi2-registryd
done
[[ -n $launcher && -n $registryd ]] || fail "at-spi-bus-launcher or at-spi2-registryd not found: run scripts/setup.sh (at-spi2-core)"
XDG_RUNTIME_DIR=$RUN "$launcher" --launch-immediately >"$A11Y_LOG" 2>&1 &
PIDS+=("$!")
A11Y=""
for _ in $(seq 100); do
  A11Y=$(dbus-send --session --print-reply=literal --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress 2>/dev/null | tr -d ' ') &&
    [[ -n $A11Y ]] && break
  sleep 0.05
done
[[ -n $A11Y ]] || fail "the accessibility bus did not come up: $(cat "$A11Y_LOG")"
AT_SPI_BUS_ADDRESS=$A11Y "$registryd" >>"$A11Y_LOG" 2>&1 &
PIDS+=("$!")
owned=""
for _ in $(seq 100); do
  owned=$(dbus-send --bus="$A11Y" --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.a11y.atspi.Registry 2>/dev/null) && [[ $owned == *true* ]] && break
  sleep 0.05
done
[[ $owned == *true* ]] || fail "the AT-SPI registry did not come up: $(cat "$A11Y_LOG")"

# The fake endpoint; its first line is its base URL.
node frontend/e2e/fake-ai-server.mjs >"$FAKE_LOG" 2>&1 &
PIDS+=("$!")
AI_URL=""
for _ in $(seq 100); do
  AI_URL=$(head -n 1 "$FAKE_LOG") && [[ $AI_URL == http* ]] && break
  sleep 0.05
done
[[ $AI_URL == http* ]] || fail "the fake endpoint did not start"

# PULSE_LATENCY_MSEC: WebKit's capture stream otherwise leaves the sine
# source in its 2-second blocks, and the recording has holes (a sound
# server's setting for the test microphone; real microphones need nothing).
KAIWA_DATA_DIR=$DATA KAIWA_AI_BASE_URL=$AI_URL KAIWA_AI_MODEL=fake-tutor XDG_RUNTIME_DIR=$RUN \
  PULSE_LATENCY_MSEC=30 "$BIN" >"$LOG" 2>&1 &
APP=$!
PIDS=("$APP" "${PIDS[@]}")
wait_drawn ""
say "window drawn at $(elapsed) s"

# First launch: Kai's welcome. Practising Spanish starts the first
# conversation, with the AI partner, whose first line arrives.
click "push button" "Practise Español Spanish"
atspi find "push button" "Play this line" --timeout 15 >/dev/null || fail "no partner line to play"
atspi find "toggle button" "Hold to talk" --enabled --timeout 10 >/dev/null || fail "push-to-talk never became usable"
say "conversation open at $(elapsed) s"

# (a) The partner's line is heard after a click, and nothing before it. The
# recording of the sink starts just before the click so that it holds the
# whole line (0.6 s of a 440 Hz tone at RMS 0.354 from the fake endpoint).
quiet=$(sink_level 0.5)
at=$(atspi find "push button" "Play this line") || fail "the partner line's play button went away"
heard=$(heard_over_click 1.5 "$at")
say "sink level: before the click $quiet, over 1.5 s from the click $heard"
awk -v q="$quiet" 'BEGIN { exit !(q < 0.01) }' || fail "the sink was not silent before the click ($quiet)"
awk -v h="$heard" 'BEGIN { exit !(h > 0.05) }' || fail "the partner's line was not heard ($heard): the window played nothing"
grep -q '"speech"' "$FAKE_LOG" || fail "the line was heard, but the endpoint was never asked to speak it"

# (b) Push-to-talk: hold the button with the mouse for 4 s, release.
at=$(atspi find "toggle button" "Hold to talk" --enabled) || fail "no usable Hold to talk button"
# shellcheck disable=SC2086 # "X Y"
xdotool mousemove $at mousedown 1
held_at=$(date +%s%N)
opened=0
for _ in $(seq 100); do
  [[ $(pactl list short source-outputs | wc -l) -gt 0 ]] && opened=1 && break
  sleep 0.05
done
((opened)) || { xdotool mouseup 1; fail "the window never opened the microphone (no capture stream within 5 s)"; }
# A resumed sine source starts a new block: the tone then reaches the
# recording ~2 s after this point, with no holes (without it, 2-4 s later).
pactl suspend-source kaiwa_mic 1 && pactl suspend-source kaiwa_mic 0
atspi find "level bar" "Microphone level" --timeout 3 >/dev/null ||
  { xdotool mouseup 1; fail "no microphone level shown while holding the button"; }
rest=$(awk -v n="$(date +%s%N)" -v t="$held_at" 'BEGIN { r = 4 - (n - t) / 1e9; print (r > 0 ? r : 0) }')
sleep "$rest"
xdotool mouseup 1
say "held Hold to talk for $(awk -v n="$(date +%s%N)" -v t="$held_at" 'BEGIN { printf "%.1f", (n - t) / 1e9 }') s"

want="Quisiera un café, por favor."
text=""
for _ in $(seq 50); do
  text=$(atspi text entry "Your message") || true
  [[ $text == "$want" ]] && break
  sleep 0.2
done
[[ $text == "$want" ]] || fail "the transcript never reached the message box (it holds '$text')"
wav=""
for _ in $(seq 50); do
  wav=$(find "$DATA/audio/recordings" -name '*.wav' -newer "$RUN/level" 2>/dev/null | head -1) && [[ -n $wav ]] && break
  sleep 0.1
done
[[ -n $wav ]] || fail "no recording saved under $DATA/audio/recordings/"
import -window root "$SHOT"

read -r rate channels bits seconds rms onset tail_rms < <(wav_report "$wav")
say "recording ${wav#"$DATA"/}: ${rate} Hz, $channels channel(s), $bits-bit, $seconds s, RMS $rms (tone from ${onset} s, last second RMS $tail_rms)"
[[ $rate == 16000 && $channels == 1 && $bits == 16 ]] || fail "the recording is not 16 kHz mono 16-bit"
awk -v s="$seconds" 'BEGIN { exit !(s > 3 && s < 5) }' || fail "the recording lasts $seconds s; the button was held 4 s"
awk -v r="$rms" 'BEGIN { exit !(r > 0.05) }' || fail "the recording is nearly silent (RMS $rms)"
grep -q '"transcription"' "$FAKE_LOG" || fail "the endpoint was never asked to transcribe"
kill -0 "$APP" 2>/dev/null || fail "kaiwa exited"

# (c) Hands-free. The microphone becomes the monitor of a second null sink
# that a spoken sentence is played into (a steady sine never pauses, so it
# would never end a turn). A silent low-latency stream keeps that sink in
# small blocks, as start_pulse does for kaiwa_sink.
command -v espeak-ng >/dev/null || fail "espeak-ng is missing: run scripts/setup.sh"
espeak-ng -v es -w "$RUN/said.wav" "Quisiera un café con leche, por favor."
pactl load-module module-null-sink sink_name=kaiwa_voice rate=48000 channels=1 >/dev/null
pacat --raw --format=s16le --rate=16000 --channels=1 --latency-msec=30 --device=kaiwa_voice \
  --client-name=kaiwa-voice-clock </dev/zero 2>/dev/null &
PIDS+=("$!")
pactl set-default-source kaiwa_voice.monitor
heard_before=$(grep -c '"transcription"' "$FAKE_LOG" || true)
click "check box" "Talk hands-free" --enabled
opened=0
for _ in $(seq 100); do
  [[ $(pactl list short source-outputs | wc -l) -gt 0 ]] && opened=1 && break
  sleep 0.05
done
((opened)) || fail "hands-free never opened the microphone"
# WebKit keeps the microphone it chose for push-to-talk: hand its capture to the new one.
for out in $(pactl list short source-outputs | cut -f1); do
  pactl move-source-output "$out" kaiwa_voice.monitor || fail "could not move the capture to the spoken microphone"
done
atspi find "level bar" "Microphone level" --timeout 10 >/dev/null || fail "hands-free shows no microphone level: is it listening?"
sleep 1
say "hands-free listening at $(elapsed) s; the learner speaks"
# The sink is recorded from here on: the turn ends on the pause (1.2 s),
# then come the transcription, the reply and its speech (the same line as
# the greeting, so it comes from the speech cache: no new speech request).
sink_level 12 >"$RUN/reply-level" &
PIDS+=("$!")
paplay --device=kaiwa_voice "$RUN/said.wav" || fail "could not play the sentence into the microphone"
for _ in $(seq 100); do
  (($(grep -c '"transcription"' "$FAKE_LOG" || true) > heard_before)) && break
  sleep 0.1
done
heard=$(grep -c '"transcription"' "$FAKE_LOG" || true)
say "hands-free: the turn was written down at $(elapsed) s"
((heard > heard_before)) || fail "hands-free sent no turn to be written down"
grep '"transcription"' "$FAKE_LOG" | tail -1 | grep -q '"language":"es"' || fail "the turn was not sent as Spanish"
wait "${PIDS[-1]}" || true
reply=$(cat "$RUN/reply-level")
say "hands-free: sink level over the 12 s from the sentence: $reply (the 0.6 s reply at RMS 0.354 gives about 0.08)"
awk -v h="$reply" 'BEGIN { exit !(h > 0.03) }' || fail "the partner's spoken reply did not reach the speakers ($reply)"
import -window root "$OUT/voice-handsfree.png"

# (d) The offline partner's voice: a new data dir, no AI partner.
kill "$APP" && wait "$APP" 2>/dev/null || true
temp_dir DATA2
KAIWA_DATA_DIR=$DATA2 XDG_RUNTIME_DIR=$RUN PULSE_LATENCY_MSEC=30 "$BIN" >>"$LOG" 2>&1 &
APP=$!
PIDS=("$APP" "${PIDS[@]}")
wait_drawn " on its second start"
click "push button" "Practise Español Spanish"
at=$(atspi find "push button" "Play this line" --timeout 15) || fail "no offline partner line to play"
spoken=$(heard_over_click 8 "$at")
say "offline partner: sink level over 8 s from the click on Play: $spoken (eSpeak NG)"
awk -v h="$spoken" 'BEGIN { exit !(h > 0.01) }' || fail "the offline partner's line was not heard ($spoken)"
import -window root "$OUT/voice-offline.png"

say "window: $SHOT, hands-free: $OUT/voice-handsfree.png, offline voice: $OUT/voice-offline.png"
say "1 passed, 0 failed in $(elapsed) s"

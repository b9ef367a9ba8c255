# A private PulseAudio sound server for tests that need sound on a machine
# with no sound card. Source it (it sources scripts/lib.sh if that is not
# loaded yet), then:
#
#   start_pulse    null sink "kaiwa_sink" as the default sink (what the app
#                  plays goes there) and a 440 Hz sine source "kaiwa_mic"
#                  (amplitude 0.5, RMS 0.354) as the default source (the
#                  app's microphone); exports PULSE_SERVER; the server is
#                  stopped on exit through lib.sh's PIDS
#   sink_level S   records S seconds of kaiwa_sink's monitor and prints their
#                  RMS level, 0 (silence) .. 1 (full scale), e.g. 0.1768
#
# The server listens only on a socket in a temporary directory (anonymous
# auth, no default script, no autospawn) and never touches a desktop's sound.
# Needs the Debian packages pulseaudio and pulseaudio-utils (pactl, parec,
# pacat); runs as root too, with a warning in its log.

# shellcheck source=scripts/lib.sh
[[ $(type -t temp_dir) == function ]] || source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# start_pulse: starts the server and waits until it answers (~0.1 s).
start_pulse() {
  local dir pid
  if ! command -v pulseaudio >/dev/null || ! command -v parec >/dev/null; then
    echo "start_pulse: needs the packages pulseaudio and pulseaudio-utils" >&2
    return 1
  fi
  temp_dir dir
  mkdir -m700 "$dir/run" "$dir/home"
  # A private HOME and XDG_RUNTIME_DIR keep its cookie and state in $dir.
  env HOME="$dir/home" XDG_RUNTIME_DIR="$dir/run" \
    pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
    --disallow-exit --log-target=stderr \
    -L "module-native-protocol-unix socket=$dir/pulse.sock auth-anonymous=1" \
    -L "module-null-sink sink_name=kaiwa_sink rate=48000 channels=2" \
    -L "module-sine-source source_name=kaiwa_mic frequency=440 rate=48000" \
    >"$dir/pulse.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  export PULSE_SERVER="unix:$dir/pulse.sock"
  for _ in $(seq 100); do
    if pactl info >/dev/null 2>&1; then
      pactl set-default-sink kaiwa_sink && pactl set-default-source kaiwa_mic || return 1
      # An idle null sink runs in 2 s blocks, so a recording of its monitor
      # would start up to 2 s late. A silent low-latency stream keeps it in
      # small blocks (it adds nothing to the level; `pactl list sink-inputs`
      # shows it as kaiwa-test-clock), and a suspend/resume ends the 2 s
      # block the sink started with. (The sine source is left alone: a
      # low-latency reader there delays every later reader by ~2 s. WebKit's
      # getUserMedia hears the sine from ~1-2 s after it starts.)
      pacat --raw --format=s16le --rate=16000 --channels=1 --latency-msec=30 \
        --client-name=kaiwa-test-clock </dev/zero 2>/dev/null &
      PIDS+=("$!")
      for _ in $(seq 100); do
        [[ $(pactl list short sink-inputs | wc -l) -gt 0 ]] && break
        sleep 0.02
      done
      pactl suspend-sink kaiwa_sink 1 && pactl suspend-sink kaiwa_sink 0
      return
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "start_pulse: PulseAudio did not answer on $PULSE_SERVER" >&2
  cat "$dir/pulse.log" >&2
  return 1
}

# sink_level SECONDS: RMS level of the next SECONDS of sound on kaiwa_sink
# (recorded as 16 kHz mono 16-bit; 0.5 s or more gives a steady figure).
# It counts samples, not wall time, so a slow start cannot shorten it.
sink_level() {
  local secs=${1:?sink_level SECONDS} bytes guard
  bytes=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 16000 * 2 }')
  guard=$(awk -v s="$secs" 'BEGIN { print s + 5 }')
  # head ends parec (SIGPIPE) once it has enough; timeout is only a guard.
  { timeout "$guard" parec -d kaiwa_sink.monitor --raw --format=s16le --rate=16000 \
      --channels=1 --latency-msec=20 2>/dev/null || true; } |
    head -c "$bytes" | od -An -v -td2 -w2 |
    awk '{ s += $1 * $1; n++ } END { printf "%.4f\n", n ? sqrt(s / n) / 32768 : 0 }'
}

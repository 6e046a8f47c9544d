#!/usr/bin/env bash
# Regenerates the speech fixtures in this directory (see README.md).
# Needs: flite, sox, pocketsphinx (for the WER check printed at the end).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

speak() { # speak VOICE TEXT OUT.wav -> 16 kHz mono 16-bit PCM
  flite -voice "$1" -t "$2" -o "$tmp/raw.wav"
  sox -D "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$3"
}

fixture() { # fixture NAME VOICE TEXT
  speak "$2" "$3" "$1.wav"
  echo "$3" > "$1.txt"
}

fixture weather slt "the weather is nice today and we are going to the park"
fixture coffee rms "i would like a cup of coffee with milk and sugar please"
fixture office awb "my brother works in a small office near the river and he likes his job very much"

first="the children are playing in the garden"
second="i will send you the report in the morning"
speak slt "$first" "$tmp/first.wav"
speak slt "$second" "$tmp/second.wav"
sox -n -r 16000 -c 1 -b 16 "$tmp/pause.wav" trim 0 0.8
sox -D "$tmp/first.wav" "$tmp/pause.wav" "$tmp/second.wav" two_sentences.wav
echo "$first $second" > two_sentences.txt

# sentences/: more sentences for word error rates finer than one word in 57 (./hark bench --embedded)
i=0
while IFS='|' read -r voice text; do
  i=$((i + 1))
  name=$(printf "sentences/sentence%02d" "$i")
  speak "$voice" "$text" "$name.wav"
  echo "$text" > "$name.txt"
done < sentences/sentences.txt

if command -v pocketsphinx_continuous >/dev/null; then
  for wav in *.wav sentences/*.wav; do
    echo "${wav}: $(pocketsphinx_continuous -infile "$wav" -logfn /dev/null 2>/dev/null | tr '\n' ' ')"
  done
fi

#!/usr/bin/env bash
# Downloads the production face models from the OpenCV model zoo and checks
# their sha256 before installing them (for machines with internet access):
#   packaging/fetch-models.sh [DIR]      DIR defaults to var/models
# - YuNet 2022mar (face detector, cv::FaceDetectorYN, MIT)
# - SFace 2021dec (face recognizer, cv::FaceRecognizerSF, Apache-2.0)
# A file already present with the right sha256 is kept. A download whose
# sha256 differs is deleted and the script fails: nothing unverified is
# installed. Then point passwayd at SFace:
#   --set face.recognizer=var/models/face_recognition_sface_2021dec.onnx
# (its match threshold, 0.363, is chosen from the file name automatically).
set -euo pipefail

dir=${1:-var/models}
mkdir -p "$dir"

# name  sha256  bytes  url...  (mirrors tried in order)
models=(
  "face_detection_yunet_2022mar.onnx 50ef07f702a31741ca46a4c0d947773b64143b9362780237bf0d427d6c79bab7 345478
   https://huggingface.co/opencv/opencv_zoo/resolve/main/models/face_detection_yunet/face_detection_yunet_2022mar.onnx
   https://media.githubusercontent.com/media/opencv/opencv_zoo/main/models/face_detection_yunet/face_detection_yunet_2022mar.onnx"
  "face_recognition_sface_2021dec.onnx 0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79 38696353
   https://huggingface.co/opencv/opencv_zoo/resolve/main/models/face_recognition_sface/face_recognition_sface_2021dec.onnx
   https://media.githubusercontent.com/media/opencv/opencv_zoo/main/models/face_recognition_sface/face_recognition_sface_2021dec.onnx"
)

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

status=0
for entry in "${models[@]}"; do
  read -r name sha bytes urls <<<"$(echo $entry)"
  read -r -a mirrors <<<"$urls"
  target="$dir/$name"
  if [ -f "$target" ] && [ "$(sha_of "$target")" = "$sha" ]; then
    echo "ok       $target (already present, sha256 verified)"
    continue
  fi
  tmp="$target.download"
  installed=0
  for url in "${mirrors[@]}"; do
    echo "fetching $name from $url"
    if ! curl -fL --retry 3 --connect-timeout 20 -o "$tmp" "$url"; then
      echo "         download failed" >&2
      continue
    fi
    got=$(sha_of "$tmp")
    size=$(stat -c %s "$tmp")
    if [ "$got" != "$sha" ]; then
      # A Git LFS pointer (about 130 bytes) or a changed file: never installed.
      echo "         sha256 mismatch: got $got ($size bytes), want $sha ($bytes bytes)" >&2
      rm -f "$tmp"
      continue
    fi
    mv "$tmp" "$target"
    echo "ok       $target (sha256 verified)"
    installed=1
    break
  done
  if [ "$installed" -ne 1 ]; then
    echo "FAILED   $name: no mirror gave the expected file" >&2
    status=1
  fi
done
exit $status

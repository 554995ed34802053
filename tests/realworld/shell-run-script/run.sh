#!/usr/bin/env bash
set -euo pipefail
export DEEPSEEK_MODEL=deepseek-chat
python main.py --model deepseek-reasoner --max-tokens 4096

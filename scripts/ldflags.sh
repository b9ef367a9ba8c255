#!/usr/bin/env bash
# Prints the -X linker flags that build into Kaiwa what it knows of its store, Kaiwa AI and its
# update feed, from these variables (the release workflow's; each may be unset):
#   KAIWA_STORE_ID, KAIWA_STORE_PRODUCT_ID  the Lemon Squeezy store and product ids (numbers)
#   KAIWA_STORE_VARIANTS                    which variant buys which plan: 1001=pro,1002=premium
#   KAIWA_STORE_CHECKOUT                    pro=https://STORE.lemonsqueezy.com/checkout/buy/UUID,premium=…
#   KAIWA_STORE_PORTAL                      https://STORE.lemonsqueezy.com/billing
#   KAIWA_AI_URL                            Kaiwa AI's base URL, https://…/v1 (docs/kaiwa-ai.md)
#   KAIWA_UPDATE_REPO                       owner/name of the GitHub repository releases go to
# Without the store's values the build sells no plans; without KAIWA_AI_URL it has no Kaiwa AI;
# without KAIWA_UPDATE_REPO it never looks for updates. The values are checked when Kaiwa starts
# and by `go test -ldflags "$(scripts/ldflags.sh)" -run TestBuiltIn ./backend/billing ./backend/updates`.
set -euo pipefail
flags=()
add() { # variable value
  [[ -n $2 ]] || return 0
  if [[ $2 =~ [[:space:]\'\"\\] ]]; then
    echo "ldflags: the value for $1 has spaces, quotes or backslashes: $2" >&2
    exit 1
  fi
  flags+=("-X kaiwa/backend/$1=$2")
}
add billing.storeID "${KAIWA_STORE_ID-}"
add billing.productID "${KAIWA_STORE_PRODUCT_ID-}"
add billing.variants "${KAIWA_STORE_VARIANTS-}"
add billing.checkouts "${KAIWA_STORE_CHECKOUT-}"
add billing.portal "${KAIWA_STORE_PORTAL-}"
add billing.kaiwaAI "${KAIWA_AI_URL-}"
add updates.repository "${KAIWA_UPDATE_REPO-}"
echo "${flags[*]-}"

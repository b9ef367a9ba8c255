package billing

// What the release workflow builds in (scripts/ldflags.sh turns its
// variables into -ldflags "-X kaiwa/backend/billing.storeID=…"): the
// store's ids, which variant buys which tier ("1001=pro,1002=premium"),
// the checkout links ("pro=https://….lemonsqueezy.com/checkout/buy/…,
// premium=…"), the customer portal, and Kaiwa AI's base URL. Left empty,
// the build sells no plans and has no Kaiwa AI. DefaultConfig reads them.
var (
	storeID, productID string
	variants           string
	checkouts          string
	portal             string
	kaiwaAI            string
)

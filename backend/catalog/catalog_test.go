package catalog

import (
	"errors"
	"testing"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func TestServiceReadsTheSeededCatalog(t *testing.T) {
	svc := &Service{Store: storetest.Open(t)}

	langs, err := svc.Languages(t.Context())
	if err != nil || len(langs) != 17 {
		t.Fatalf("Languages() = %d, %v; want 17", len(langs), err)
	}
	byCode := map[string]store.Language{}
	for _, l := range langs {
		byCode[l.Code] = l
	}
	if ja := byCode["ja"]; ja.NativeName != "日本語" || !ja.HasRomanization {
		t.Errorf("ja = %+v", ja)
	}
	if ar := byCode["ar"]; !ar.IsRTL || ar.NativeName != "العربية" {
		t.Errorf("ar = %+v", ar)
	}

	voices, err := svc.Speakers(t.Context(), "ja")
	if err != nil || len(voices) < 2 || voices[0].IsAdvanced {
		t.Errorf("Speakers(ja) = %+v, %v; want standard voices first", voices, err)
	}

	scenarios, err := svc.Scenarios(t.Context())
	if err != nil || len(scenarios) < 7 || scenarios[0].ID != "onboarding" {
		t.Fatalf("Scenarios() = %d, %v; want ≥7 starting with onboarding", len(scenarios), err)
	}
	cafe, err := svc.Scenario(t.Context(), "cafe")
	if err != nil || cafe.Title != "Ordering at a café" {
		t.Errorf("Scenario(cafe) = %+v, %v", cafe, err)
	}
	if _, err := svc.Scenario(t.Context(), "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Scenario(missing): %v", err)
	}
}

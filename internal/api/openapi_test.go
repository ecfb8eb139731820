package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/api"
)

// TestOpenAPICoversRoutes checks that openapi.json describes every
// registered route and nothing else.
func TestOpenAPICoversRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q, want 3.1.x", doc.OpenAPI)
	}
	srv := api.New(api.Config{})
	srv.Handler()
	registered := map[string]bool{}
	for _, rt := range srv.Routes() {
		registered[rt.Pattern()] = true
		if _, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("openapi.json lacks %s", rt.Pattern())
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			if p := strings.ToUpper(method) + " " + path; !registered[p] {
				t.Errorf("openapi.json describes %s, which is not registered", p)
			}
		}
	}
}

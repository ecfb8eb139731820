package api_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/storetest"
)

// answeredRecords are the records whose answers openapi.json shows as
// examples: the main records of the API.
var answeredRecords = []reflect.Type{
	reflect.TypeFor[haki.Incident](), reflect.TypeFor[haki.Person](), reflect.TypeFor[haki.Act](), reflect.TypeFor[haki.Involvement](),
	reflect.TypeFor[haki.Source](), reflect.TypeFor[api.CaseJSON](), reflect.TypeFor[api.ConsentJSON](), reflect.TypeFor[api.AssessmentJSON](),
	reflect.TypeFor[haki.CaseEvent](), reflect.TypeFor[haki.Story](), reflect.TypeFor[api.EvaluationJSON](), reflect.TypeFor[haki.Addendum](),
	reflect.TypeFor[api.MatterJSON](), reflect.TypeFor[api.HearingJSON](), reflect.TypeFor[haki.CalendarEvent](), reflect.TypeFor[haki.ContactAttempt](),
	reflect.TypeFor[api.TaskJSON](), reflect.TypeFor[api.ProfessionalJSON](), reflect.TypeFor[haki.Partner](), reflect.TypeFor[api.ServiceJSON](),
	reflect.TypeFor[api.ReferralJSON](), reflect.TypeFor[haki.Institution](), reflect.TypeFor[haki.Publication](), reflect.TypeFor[api.IndicatorJSON](),
	reflect.TypeFor[haki.DiaryNote](), reflect.TypeFor[haki.Term](), reflect.TypeFor[haki.Evidence](),
}

// responseExamples sends the request examples to the API on a SQLite
// store, as TestOpenAPIExamples does, and keeps the first answer of each
// of answeredRecords, by its Go type, made stable by stableAnswer.
func responseExamples(t *testing.T) map[reflect.Type]any {
	t.Helper()
	out := map[reflect.Type]any{}
	st := newStabiliser()
	runExamples(t, storetest.Open(t), nil, func(w *world, ex requestExample, res response) {
		typ := reflect.TypeOf(ops[ex.route].resp)
		if _, done := out[typ]; done || !slices.Contains(answeredRecords, typ) {
			return
		}
		var v any
		if err := json.Unmarshal(res.raw, &v); err != nil {
			t.Fatalf("%s: %v", ex.route, err)
		}
		out[typ] = st.stable(w, v)
	})
	for _, typ := range answeredRecords {
		if out[typ] == nil {
			t.Errorf("no request example answers with a %s", typ)
		}
	}
	return out
}

var (
	uuidShape = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	refShape  = regexp.MustCompile(`^([A-Z]+)-\d{4}-(\d+)$`)
	hashShape = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// stabiliser rewrites what differs from run to run in an answer: ids
// become those exampleID gives the world's names (or, for records the world
// does not name, a number in order of appearance), references are numbered
// in order of appearance, hashes become one hash. The rest is as the API
// answered.
type stabiliser struct {
	ids, refs map[string]string
}

func newStabiliser() *stabiliser {
	return &stabiliser{ids: map[string]string{}, refs: map[string]string{}}
}

func (st *stabiliser) stable(w *world, v any) any {
	names := map[string]string{}
	for name, id := range w.ids {
		if prev, ok := names[id]; !ok || name < prev {
			names[id] = name
		}
	}
	for role, u := range w.users {
		if _, ok := names[u.ID]; !ok {
			names[u.ID] = role + "_user"
		}
	}
	return st.walk(v, names)
}

func (st *stabiliser) walk(v any, names map[string]string) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			x[k] = st.walk(x[k], names)
		}
	case []any:
		for i := range x {
			x[i] = st.walk(x[i], names)
		}
	case string:
		switch {
		case uuidShape.MatchString(x):
			if name, ok := names[x]; ok {
				return exampleID(name)
			}
			if _, ok := st.ids[x]; !ok {
				st.ids[x] = exampleID(fmt.Sprintf("record %d", len(st.ids)+1))
			}
			return st.ids[x]
		case refShape.MatchString(x):
			if _, ok := st.refs[x]; !ok {
				st.refs[x] = fmt.Sprintf("%s-2026-%06d", refShape.FindStringSubmatch(x)[1], len(st.refs)+1)
			}
			return st.refs[x]
		case hashShape.MatchString(x):
			return fmt.Sprintf("%x", sha256.Sum256([]byte("example")))
		}
	}
	return v
}

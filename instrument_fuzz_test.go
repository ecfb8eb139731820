package haki_test

import (
	"encoding/json"
	"testing"

	"github.com/haki-kenya/haki"
)

// FuzzParseInstrument feeds the instrument parser any bytes: it must never
// panic nor fail with anything but EINVALID, and whatever it accepts is
// valid, reads back the same from its own encoding, and scores every
// sheet of all-lowest or all-highest answers into one of its bands.
func FuzzParseInstrument(f *testing.F) {
	for _, in := range haki.BuiltinInstruments() {
		b, err := json.Marshal(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"code":"ab","version":1,"title":{"en":"T"},"licence":"L","items":[{"key":"a","text":{"en":"A"}}],` +
		`"answers":[{"value":0,"label":{"en":"No"}},{"value":1,"label":{"en":"Yes"}}],"scoring":"sum",` +
		`"bands":[{"min":0,"max":1,"code":"all","label":{"en":"All"}}]}`))
	f.Add([]byte(`{"code":"ab","unknown":1}`))
	f.Add([]byte(`{"code":"ab"}{"code":"cd"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := haki.ParseInstrument(b)
		if err != nil {
			if haki.ErrorCode(err) != haki.EINVALID {
				t.Fatalf("error %v", err)
			}
			return
		}
		if err := in.Validate(); err != nil {
			t.Fatalf("accepted an invalid instrument: %v", err)
		}
		again, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		back, err := haki.ParseInstrument(again)
		if err != nil {
			t.Fatalf("round trip refused: %v", err)
		}
		if b2, _ := json.Marshal(back); string(b2) != string(again) {
			t.Fatalf("round trip changed %s into %s", again, b2)
		}
		lowest, highest := in.Answers[0].Value, in.Answers[0].Value
		for _, a := range in.Answers {
			lowest, highest = min(lowest, a.Value), max(highest, a.Value)
		}
		for _, v := range []int{lowest, highest} {
			answers := map[string]int{}
			for _, it := range in.Items {
				answers[it.Key] = v
			}
			res, err := in.Score(answers)
			if err != nil || res.Band == "" || res.Total != v*len(in.Items) {
				t.Fatalf("answers all %d scored %+v, %v", v, res, err)
			}
		}
	})
}

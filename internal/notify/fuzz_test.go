package notify

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzNormalizeKenyanPhone: any text either is refused or becomes a number
// of the one E.164 shape, and normalising that again changes nothing.
func FuzzNormalizeKenyanPhone(f *testing.F) {
	for _, s := range []string{"0712 345 678", "+254 112-345-678", "00254712345678", "254712345678", "(0712) 345.678",
		"0812345678", "+2547123456789", "", "+254", "07١٢٣٤٥٦٧٨"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := NormalizeKenyanPhone(s)
		if err != nil {
			return
		}
		if len(out) != 13 || !strings.HasPrefix(out, "+2547") && !strings.HasPrefix(out, "+2541") || strings.Trim(out[1:], "0123456789") != "" {
			t.Fatalf("%q → %q: not +2547/+2541 and nine digits", s, out)
		}
		if again, err := NormalizeKenyanPhone(out); err != nil || again != out {
			t.Fatalf("%q → %q → %q, %v", s, out, again, err)
		}
	})
}

// FuzzGatewayAnswer: whatever the gateway answers, the client returns a
// message id or an error with an outcome, and never a reason holding the
// gateway's free text beyond a status word.
func FuzzGatewayAnswer(f *testing.F) {
	f.Add(200, `{"SMSMessageData":{"Message":"Sent to 1/1","Recipients":[{"statusCode":101,"number":"+254712345678","status":"Success","cost":"KES 0.8000","messageId":"ATXid_1"}]}}`)
	f.Add(201, `{"SMSMessageData":{"Message":"InvalidPhoneNumber","Recipients":[]}}`)
	f.Add(200, `{"SMSMessageData":{"Recipients":[{"statusCode":403,"status":"InvalidPhoneNumber +254712345678"}]}}`)
	f.Add(500, `oops`)
	f.Add(200, `{`)
	f.Add(401, ``)
	a := &AfricasTalking{}
	f.Fuzz(func(t *testing.T, code int, body string) {
		if code < 100 || code > 599 {
			return
		}
		resp := &http.Response{StatusCode: code, Body: io.NopCloser(strings.NewReader(body))}
		id, err := a.answer(resp)
		if err == nil {
			return
		}
		if id != "" {
			t.Fatalf("an id %q with an error", id)
		}
		if strings.Contains(err.Error(), "+254") {
			t.Fatalf("the error repeats a number: %v", err)
		}
	})
}

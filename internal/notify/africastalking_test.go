package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// atServer speaks Africa's Talking's messaging API: POST
// /version1/messaging with a form (username, to, message, from), the apiKey
// header and Accept: application/json; it answers SMSMessageData with one
// recipient. Numbers ending in a status code get that code.
type atServer struct {
	*httptest.Server
	User, Key, From string
	// Stall makes the server take the request and never answer.
	Stall bool

	mu   sync.Mutex
	sent map[string][]string // number -> messages delivered
	n    int
}

var atStatus = map[int]string{100: "Processed", 101: "Success", 102: "Queued", 401: "RiskHold", 402: "InvalidSenderId",
	403: "InvalidPhoneNumber", 405: "InsufficientBalance", 406: "UserInBlacklist", 500: "InternalServerError"}

func newATServer(t *testing.T) *atServer {
	a := &atServer{User: "haki", Key: "atsk_test", From: "HAKI", sent: map[string][]string{}}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.Close)
	return a
}

func (a *atServer) Sent(number string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.sent[number]...)
}

func (a *atServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/version1/messaging" {
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("apiKey") != a.Key {
		http.Error(w, "The supplied authentication is invalid", http.StatusUnauthorized)
		return
	}
	if r.Header.Get("Accept") != "application/json" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
		r.ParseForm() != nil || r.PostForm.Get("username") != a.User || r.PostForm.Get("message") == "" || r.PostForm.Get("from") != a.From {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if a.Stall {
		<-r.Context().Done()
		return
	}
	to := r.PostForm.Get("to")
	code := 101
	if strings.HasSuffix(to, "000500") && strings.HasPrefix(to, "+25472") {
		http.Error(w, "oops", http.StatusInternalServerError)
		return
	}
	if strings.HasPrefix(to, "+25471100") {
		fmt.Sscanf(to[len(to)-3:], "%d", &code)
	}
	a.mu.Lock()
	a.n++
	id := fmt.Sprintf("ATXid_%d", a.n)
	if code <= 102 {
		a.sent[to] = append(a.sent[to], r.PostForm.Get("message"))
	}
	a.mu.Unlock()
	type recipient struct {
		Number     string `json:"number"`
		Status     string `json:"status"`
		StatusCode int    `json:"statusCode"`
		MessageID  string `json:"messageId"`
		Cost       string `json:"cost"`
	}
	rc := recipient{Number: to, Status: atStatus[code], StatusCode: code, MessageID: "None", Cost: "0"}
	if code <= 102 {
		rc.MessageID, rc.Cost = id, "KES 0.8000"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"SMSMessageData": map[string]any{
		"Message": "Sent to 1/1 Total Cost: KES 0.8000", "Recipients": []recipient{rc}}})
}

func (a *atServer) gateway(t *testing.T, key string) *AfricasTalking {
	g, err := NewAfricasTalking(AfricasTalkingConfig{Username: a.User, APIKey: key, SenderID: a.From, BaseURL: a.URL, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestAfricasTalking(t *testing.T) {
	at := newATServer(t)
	g := at.gateway(t, at.Key)
	id, err := g.Send(context.Background(), "0712 345 678", "Ukumbusho: miadi yako ni kesho saa 4:00.")
	if err != nil || id != "ATXid_1" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	if got := at.Sent("+254712345678"); len(got) != 1 || got[0] != "Ukumbusho: miadi yako ni kesho saa 4:00." {
		t.Errorf("gateway got %q", got)
	}
	for _, tc := range []struct {
		name, key, to string
		want          Outcome
	}{
		{"invalid number rejected before sending", at.Key, "12345", Permanent},
		{"gateway says invalid number", at.Key, "0711000403", Permanent},
		{"blacklisted", at.Key, "0711000406", Permanent},
		{"insufficient balance", at.Key, "0711000405", Retry},
		{"gateway internal error", at.Key, "0711000500", Retry},
		{"HTTP 500", at.Key, "0720000500", Retry},
		{"bad API key", "wrong", "0712345678", Retry},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := at.gateway(t, tc.key).Send(context.Background(), tc.to, "text")
			var se *SendError
			if !errors.As(err, &se) || se.Outcome != tc.want {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), strings.TrimPrefix(tc.to, "0")) {
				t.Errorf("error %q carries the number", err)
			}
		})
	}
	if n := len(at.Sent("+254711000403")) + len(at.Sent("+254711000405")); n != 0 {
		t.Errorf("failed numbers recorded as sent: %d", n)
	}
}

func TestAfricasTalkingUncertain(t *testing.T) {
	at := newATServer(t)
	at.Stall = true
	g, _ := NewAfricasTalking(AfricasTalkingConfig{Username: at.User, APIKey: at.Key, SenderID: at.From, BaseURL: at.URL, Timeout: 200 * time.Millisecond})
	if o, _ := Classify(func() error { _, err := g.Send(context.Background(), "0712345678", "x"); return err }()); o != Uncertain {
		t.Errorf("no answer after sending: %v, want uncertain", o)
	}
	down, _ := NewAfricasTalking(AfricasTalkingConfig{Username: "u", APIKey: "k", BaseURL: "http://127.0.0.1:1", Timeout: time.Second})
	if o, _ := Classify(func() error { _, err := down.Send(context.Background(), "0712345678", "x"); return err }()); o != Retry {
		t.Errorf("unreachable gateway: %v, want retry", o)
	}
}

package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// Africa's Talking API hosts.
const (
	AfricasTalkingLive    = "https://api.africastalking.com"
	AfricasTalkingSandbox = "https://api.sandbox.africastalking.com"
)

// AfricasTalkingConfig configures the Africa's Talking SMS gateway.
type AfricasTalkingConfig struct {
	Username string // the application's user name ("sandbox" in the sandbox)
	APIKey   string
	SenderID string // a registered short code or alphanumeric; the account's default when empty
	// BaseURL is AfricasTalkingLive when empty; tests point it at their own server.
	BaseURL string
	Timeout time.Duration // per request; 30 s when zero
	Client  *http.Client  // http.DefaultTransport when nil
}

// AfricasTalking sends SMS through Africa's Talking's messaging API
// (POST /version1/messaging, form-encoded, apiKey header, JSON answer).
type AfricasTalking struct {
	cfg    AfricasTalkingConfig
	client *http.Client
}

// NewAfricasTalking checks the configuration and returns the gateway.
func NewAfricasTalking(cfg AfricasTalkingConfig) (*AfricasTalking, error) {
	if cfg.Username == "" || cfg.APIKey == "" {
		return nil, errors.New("africastalking: username and API key are required")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = AfricasTalkingLive
	}
	if _, err := url.Parse(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("africastalking: base URL: %w", err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{}
	}
	return &AfricasTalking{cfg: cfg, client: client}, nil
}

// atResponse is the JSON answer of the messaging API.
type atResponse struct {
	SMSMessageData struct {
		Message    string
		Recipients []struct {
			Number     string `json:"number"`
			Status     string `json:"status"`
			StatusCode int    `json:"statusCode"`
			MessageID  string `json:"messageId"`
			Cost       string `json:"cost"`
		}
	}
}

// atPermanent are the recipient status codes a retry cannot fix:
// InvalidPhoneNumber, UnsupportedNumberType, UserInBlacklist,
// DoNotDisturbRejection. The others (RiskHold, InvalidSenderId,
// InsufficientBalance, CouldNotRoute, InternalServerError, GatewayError,
// RejectedByGateway) are the gateway's or the account's, and are retried.
var atPermanent = map[int]bool{403: true, 404: true, 406: true, 409: true}

// statusWord keeps a status name only if it is a bare word, so nothing
// else the gateway says reaches a log.
var statusWord = regexp.MustCompile(`^[A-Za-z]{1,40}$`)

// Send sends message to the number (a Kenyan mobile number in any usual
// form) and returns the gateway's messageId.
func (a *AfricasTalking) Send(ctx context.Context, to, message string) (string, error) {
	number, err := NormalizeKenyanPhone(to)
	if err != nil {
		return "", fail(Permanent, "invalid phone number", err)
	}
	form := url.Values{"username": {a.cfg.Username}, "to": {number}, "message": {message}}
	if a.cfg.SenderID != "" {
		form.Set("from", a.cfg.SenderID)
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	// Whether the request left decides what a lost answer means.
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) { wrote.Store(i.Err == nil) },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(a.cfg.BaseURL, "/")+"/version1/messaging",
		strings.NewReader(form.Encode()))
	if err != nil {
		return "", fail(Retry, "sms: bad gateway URL", err)
	}
	req.Header.Set("apiKey", a.cfg.APIKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.client.Do(req)
	if err != nil {
		if wrote.Load() {
			return "", fail(Uncertain, "sms: no answer from the gateway after sending", err)
		}
		return "", fail(Retry, "sms: could not reach the gateway", err)
	}
	defer resp.Body.Close()
	return a.answer(resp)
}

func (a *AfricasTalking) answer(resp *http.Response) (string, error) {
	code := resp.StatusCode
	switch {
	case code == http.StatusUnauthorized:
		return "", fail(Retry, "sms: gateway refused the API key (HTTP 401)", nil)
	case code >= 500 || code == http.StatusTooManyRequests || code == http.StatusForbidden || code == http.StatusRequestTimeout:
		return "", fail(Retry, fmt.Sprintf("sms: gateway HTTP %d", code), nil)
	case code >= 300:
		return "", fail(Permanent, fmt.Sprintf("sms: gateway refused the request (HTTP %d)", code), nil)
	}
	var r atResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&r); err != nil {
		return "", fail(Uncertain, "sms: unreadable answer from the gateway", err)
	}
	if len(r.SMSMessageData.Recipients) == 0 {
		reason := "sms: the gateway sent to no one"
		if statusWord.MatchString(r.SMSMessageData.Message) {
			reason += ": " + r.SMSMessageData.Message
		}
		return "", fail(Retry, reason, nil)
	}
	rc := r.SMSMessageData.Recipients[0]
	if rc.StatusCode >= 100 && rc.StatusCode <= 102 {
		return rc.MessageID, nil
	}
	status := "status"
	if statusWord.MatchString(rc.Status) {
		status = rc.Status
	}
	reason := fmt.Sprintf("sms: %d %s", rc.StatusCode, status)
	if atPermanent[rc.StatusCode] {
		return "", fail(Permanent, reason, nil)
	}
	return "", fail(Retry, reason, nil)
}

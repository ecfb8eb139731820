package notify

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// mailServer is a local SMTP server that keeps what it receives.
type mailServer struct {
	Host string
	Port int
	// User and Pass, when set, are required.
	User, Pass string
	// RejectRcpt answers RCPT for these addresses with the error.
	RejectRcpt map[string]*smtp.SMTPError

	mu       sync.Mutex
	received []received
	authed   []string
}

type received struct {
	From, To string
	Data     []byte
}

func (s *mailServer) Received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

func (s *mailServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{srv: s}, nil }

type mailSession struct {
	srv      *mailServer
	user     string
	from, to string
}

func (m *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (m *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != m.srv.User || pass != m.srv.Pass {
			return smtp.ErrAuthFailed
		}
		m.user = user
		m.srv.mu.Lock()
		m.srv.authed = append(m.srv.authed, user)
		m.srv.mu.Unlock()
		return nil
	}), nil
}

func (m *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if m.srv.User != "" && m.user == "" {
		return smtp.ErrAuthRequired
	}
	m.from = from
	return nil
}

func (m *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := m.srv.RejectRcpt[to]; err != nil {
		return err
	}
	m.to = to
	return nil
}

func (m *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m.srv.mu.Lock()
	m.srv.received = append(m.srv.received, received{m.from, m.to, b})
	m.srv.mu.Unlock()
	return nil
}

func (m *mailSession) Reset()        {}
func (m *mailSession) Logout() error { return nil }

// startMailServer serves on 127.0.0.1: in clear, with STARTTLS, or with
// implicit TLS, by mode.
func startMailServer(t *testing.T, ms *mailServer, mode TLSMode, cert *tls.Certificate) {
	t.Helper()
	srv := smtp.NewServer(ms)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = mode == TLSNone
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if cert != nil {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	if mode == TLSImplicit {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	host, port, _ := net.SplitHostPort(l.Addr().String())
	ms.Host = host
	ms.Port, _ = strconv.Atoi(port)
}

// selfSigned returns a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true,
		BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

const (
	swSubject = "Ukumbusho: miadi yako ya kesho — Wanjirũ"
	swBody    = "Habari Wanjirũ,\nmiadi yako ni kesho saa 4:00 asubuhi (10:00).\nAsante — timu ya Haki. Mstari mrefu sana unaovuka herufi sabini na sita ili kuona kwamba quoted-printable inaukunja vizuri bila kuharibu maandishi."
)

func TestSMTPSend(t *testing.T) {
	cert, pool := selfSigned(t)
	for _, tc := range []struct {
		name string
		mode TLSMode
		auth bool
	}{
		{"relay without auth", TLSNone, false},
		{"plain with auth to localhost", TLSNone, true},
		{"starttls with auth", TLSStartTLS, true},
		{"implicit tls with auth", TLSImplicit, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := &mailServer{}
			if tc.auth {
				ms.User, ms.Pass = "haki", "s3cret"
			}
			startMailServer(t, ms, tc.mode, cert)
			cfg := SMTPConfig{Host: ms.Host, Port: ms.Port, From: "Haki Reminders <reminders@haki.example>", TLS: tc.mode,
				TLSConfig: &tls.Config{RootCAs: pool}, Timeout: 5 * time.Second}
			if tc.auth {
				cfg.Username, cfg.Password = "haki", "s3cret"
			}
			s, err := NewSMTPSender(cfg)
			if err != nil {
				t.Fatal(err)
			}
			id, err := s.Send(context.Background(), Message{ID: "0190-abc", Kind: KindEmail, To: "wakili@example.org", Subject: swSubject, Body: swBody})
			if err != nil {
				t.Fatal(err)
			}
			got := ms.Received()
			if len(got) != 1 {
				t.Fatalf("received %d messages, want 1", len(got))
			}
			if got[0].From != "reminders@haki.example" || got[0].To != "wakili@example.org" {
				t.Errorf("envelope %s -> %s", got[0].From, got[0].To)
			}
			if tc.auth && len(ms.authed) != 1 {
				t.Errorf("authenticated %d times, want 1", len(ms.authed))
			}
			checkMail(t, got[0].Data, id)
		})
	}
}

func checkMail(t *testing.T, data []byte, id string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if h.Get("Message-ID") != id || id != "<0190-abc@haki.example>" {
		t.Errorf("Message-ID %q, returned %q", h.Get("Message-ID"), id)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Name != "Haki Reminders" || from[0].Address != "reminders@haki.example" {
		t.Errorf("From %v %v", from, err)
	}
	if to, err := h.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "wakili@example.org" {
		t.Errorf("To %v %v", to, err)
	}
	if subj, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); err != nil || subj != swSubject {
		t.Errorf("Subject %q %v", subj, err)
	}
	if h.Get("MIME-Version") != "1.0" || h.Get("Content-Type") != "text/plain; charset=utf-8" || h.Get("Content-Transfer-Encoding") != "quoted-printable" {
		t.Errorf("MIME headers %v", h)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line longer than 78: %q", line)
		}
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimRight(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n"); got != swBody {
		t.Errorf("body = %q, want %q", got, swBody)
	}
}

func TestSMTPFailures(t *testing.T) {
	ms := &mailServer{User: "haki", Pass: "s3cret", RejectRcpt: map[string]*smtp.SMTPError{
		"gone@example.org": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "gone@example.org: no such user"},
		"busy@example.org": {Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"},
	}}
	startMailServer(t, ms, TLSNone, nil)
	send := func(user, pass, to string) error {
		s, err := NewSMTPSender(SMTPConfig{Host: ms.Host, Port: ms.Port, From: "reminders@haki.example", TLS: TLSNone, Username: user, Password: pass})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Send(context.Background(), Message{To: to, Subject: "s", Body: "b"})
		return err
	}
	for _, tc := range []struct {
		name, user, pass, to string
		want                 Outcome
	}{
		{"wrong password", "haki", "wrong", "a@example.org", Retry},
		{"no auth where required", "", "", "a@example.org", Retry},
		{"mailbox gone", "haki", "s3cret", "gone@example.org", Permanent},
		{"mailbox busy", "haki", "s3cret", "busy@example.org", Retry},
		{"not an address", "haki", "s3cret", "nobody", Permanent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := send(tc.user, tc.pass, tc.to)
			var se *SendError
			if !errors.As(err, &se) || se.Outcome != tc.want {
				t.Fatalf("err = %v, want outcome %v", err, tc.want)
			}
			if strings.Contains(err.Error(), "example.org") {
				t.Errorf("error text %q carries the address", err)
			}
		})
	}
	if n := len(ms.Received()); n != 0 {
		t.Errorf("received %d messages", n)
	}
	// Unreachable server: retry.
	s, _ := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: 1, From: "r@haki.example", TLS: TLSNone, Timeout: time.Second})
	if o, _ := Classify(func() error {
		_, err := s.Send(context.Background(), Message{To: "a@example.org", Body: "b"})
		return err
	}()); o != Retry {
		t.Errorf("unreachable server: %v", o)
	}
}

package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// TLSMode is how the SMTP connection is protected.
type TLSMode string

// The TLS modes.
const (
	TLSNone     TLSMode = "none"     // plain text: only for a relay on the same machine or network
	TLSStartTLS TLSMode = "starttls" // upgrade with STARTTLS, required (usually port 587)
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (usually port 465)
)

// SMTPConfig configures SMTPSender.
type SMTPConfig struct {
	Host     string
	Port     int // 25, 587 or 465 by TLS mode when zero
	Username string
	Password string
	// From is the sender, such as "Haki <haki@example.org>".
	From string
	TLS  TLSMode
	// Timeout bounds one whole conversation (connect to QUIT); 30 s when zero.
	Timeout time.Duration
	// TLSConfig overrides the TLS settings (tests trust their own CA with it).
	TLSConfig *tls.Config
	// HelloName is the name given in EHLO; "localhost" when empty.
	HelloName string
}

// SMTPSender sends email through an SMTP server with net/smtp.
type SMTPSender struct {
	cfg  SMTPConfig
	from *mail.Address
	now  func() time.Time
}

// NewSMTPSender checks the configuration and returns a sender.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtp: no host")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("smtp: from address: %w", err)
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSStartTLS
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return nil, fmt.Errorf("smtp: TLS mode %q: use none, starttls or tls", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = map[TLSMode]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[cfg.TLS]
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	return &SMTPSender{cfg: cfg, from: from, now: time.Now}, nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	if s.cfg.TLSConfig != nil {
		c := s.cfg.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = s.cfg.Host
		}
		return c
	}
	return &tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}
}

// Send delivers m to its one recipient and returns its Message-ID.
func (s *SMTPSender) Send(ctx context.Context, m Message) (string, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return "", fail(Permanent, "invalid email address", err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return "", fail(Permanent, "subject has a line break", nil)
	}
	msgID := s.messageID(m.ID)
	body, err := s.compose(m, to, msgID)
	if err != nil {
		return "", fail(Permanent, "message could not be encoded", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	conn, err := s.dial(ctx)
	if err != nil {
		return "", fail(Retry, "smtp: could not connect", err)
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := s.converse(conn, s.from.Address, to.Address, body); err != nil {
		return "", err
	}
	return msgID, nil
}

func (s *SMTPSender) dial(ctx context.Context) (net.Conn, error) {
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	if s.cfg.TLS == TLSImplicit {
		d := &tls.Dialer{Config: s.tlsConfig()}
		return d.DialContext(ctx, "tcp", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// converse speaks SMTP on conn. Before the final dot of DATA is answered
// nothing was delivered, so errors there are Retry (or Permanent when the
// server refuses the recipient); a connection lost waiting for that answer
// is Uncertain.
func (s *SMTPSender) converse(conn net.Conn, from, to string, body []byte) error {
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return smtpFail("greeting", err)
	}
	defer c.Close()
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return smtpFail("EHLO", err)
	}
	if s.cfg.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fail(Retry, "smtp: the server does not offer STARTTLS", nil)
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return smtpFail("STARTTLS", err)
		}
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fail(Retry, "smtp: the server does not offer AUTH", nil)
		}
		// PlainAuth refuses to send the password unencrypted except to localhost.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return smtpFail("AUTH", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return smtpFail("MAIL", err)
	}
	if err := c.Rcpt(to); err != nil {
		return smtpFail("RCPT", err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpFail("DATA", err)
	}
	if _, err := w.Write(body); err != nil {
		return smtpFail("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpFail("end of DATA", err)
	}
	c.Quit() // the message was accepted; a failed goodbye changes nothing
	return nil
}

// smtpFail classifies an SMTP error. The server's text is dropped: it
// often repeats the address.
func smtpFail(phase string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		reason := fmt.Sprintf("smtp: %d at %s", te.Code, phase)
		switch {
		case te.Code >= 500 && (phase == "RCPT" || phase == "end of DATA"):
			return fail(Permanent, reason, err)
		default:
			// 4xx, and 5xx on AUTH or MAIL: the server or our
			// configuration, which can be fixed.
			return fail(Retry, reason, err)
		}
	}
	if phase == "end of DATA" {
		return fail(Uncertain, "smtp: connection lost after the message was sent", err)
	}
	if phase == "AUTH" {
		return fail(Retry, "smtp: authentication refused", err)
	}
	return fail(Retry, "smtp: connection failed at "+phase, err)
}

func (s *SMTPSender) messageID(id string) string {
	if id == "" {
		var b [16]byte
		rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	_, domain, _ := strings.Cut(s.from.Address, "@")
	return "<" + id + "@" + domain + ">"
}

// compose writes the message: headers, then the body as UTF-8
// quoted-printable, so Kiswahili and any other text arrives as written.
func (s *SMTPSender) compose(m Message, to *mail.Address, msgID string) ([]byte, error) {
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("Date", s.now().Format(time.RFC1123Z))
	h("Message-ID", msgID)
	h("From", s.from.String())
	h("To", (&mail.Address{Address: to.Address}).String())
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	h("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	w := quotedprintable.NewWriter(&b)
	if _, err := w.Write([]byte(m.Body)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

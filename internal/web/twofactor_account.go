package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"net/http"
	"net/url"
	"strings"

	"github.com/pquerna/otp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// twofactorPage is the signed-in user's two-factor settings.
type twofactorPage struct {
	Page
	Enabled      bool
	RecoveryLeft int
	Enrolment    *twofactorEnrolPage
}

// twofactorEnrolPage shows a secret to enrol: as text to type and as a QR
// code to scan, in the page itself (a data: URL), so the secret is never in
// a URL or a log.
type twofactorEnrolPage struct {
	Page
	Secret   string // grouped by four for reading
	QR       template.URL
	Action   string
	Required bool
}

// twofactorCodesPage shows new recovery codes, once.
type twofactorCodesPage struct {
	Page
	Codes []string
	Next  string
}

// enrolPage builds the enrolment form for a secret.
func (s *Server) enrolPage(w http.ResponseWriter, r *http.Request, e *store.TOTPEnrolment, action string) (twofactorEnrolPage, error) {
	p := twofactorEnrolPage{Page: s.page(w, r, "twofactor.enrol.title"), Action: action}
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/Haki:%s?secret=%s&issuer=Haki&algorithm=SHA1&digits=6&period=30",
		url.PathEscape(e.Username), e.Secret))
	if err != nil {
		return p, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return p, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return p, err
	}
	p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
	var groups []string
	for sec := e.Secret; sec != ""; {
		n := min(4, len(sec))
		groups = append(groups, sec[:n])
		sec = sec[n:]
	}
	p.Secret = strings.Join(groups, " ")
	return p, nil
}

// twofactorShow shows whether two-factor sign-in is on, and the enrolment
// begun, if any.
func (s *Server) twofactorShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := haki.UserFromContext(ctx)
	p := twofactorPage{Page: s.page(w, r, "twofactor.title"), Enabled: me.TwoFactorEnabled}
	var err error
	if p.Enabled {
		if p.RecoveryLeft, err = s.store.CountRecoveryCodes(ctx); err != nil {
			return err
		}
	}
	e, err := s.store.FindTOTPEnrolment(ctx)
	if err != nil {
		return err
	}
	if e != nil {
		ep, err := s.enrolPage(w, r, e, "/account/two-factor")
		if err != nil {
			return err
		}
		p.Enrolment = &ep
	}
	return s.render(w, r, http.StatusOK, "twofactor_account", p)
}

// twofactorSetup makes a new secret to enrol and shows it, once the
// current password (and, when enrolled, a code from the present phone)
// is given: a stolen session alone cannot move the second factor.
func (s *Server) twofactorSetup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_, err := s.store.BeginTOTPEnrolment(ctx, store.AccountProof{Session: currentToken(r),
		Password: r.PostForm.Get("current_password"), Code: r.PostForm.Get("current_code"), Lockout: s.lockout})
	if fields, ok := fieldErrors(err); ok {
		me := haki.UserFromContext(ctx)
		p := twofactorPage{Page: s.page(w, r, "twofactor.title"), Enabled: me.TwoFactorEnabled}
		p.Errors = fields
		if p.Enabled {
			if p.RecoveryLeft, err = s.store.CountRecoveryCodes(ctx); err != nil {
				return err
			}
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "twofactor_account", p)
	} else if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/account/two-factor", http.StatusSeeOther)
	return nil
}

// twofactorConfirm checks the first code and shows the recovery codes once.
func (s *Server) twofactorConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	codes, err := s.store.ConfirmTOTP(ctx, r.PostForm.Get("code"))
	if fields, ok := fieldErrors(err); ok {
		e, err := s.store.FindTOTPEnrolment(ctx)
		if err != nil {
			return err
		} else if e == nil {
			http.Redirect(w, r, "/account/two-factor", http.StatusSeeOther)
			return nil
		}
		ep, err := s.enrolPage(w, r, e, "/account/two-factor")
		if err != nil {
			return err
		}
		ep.Errors = fields
		p := twofactorPage{Page: ep.Page, Enabled: haki.UserFromContext(ctx).TwoFactorEnabled, Enrolment: &ep}
		p.Title = p.T("twofactor.title")
		return s.render(w, r, http.StatusUnprocessableEntity, "twofactor_account", p)
	} else if err != nil {
		return err
	}
	p := twofactorCodesPage{Page: s.page(w, r, "twofactor.codes.title"), Codes: codes, Next: "/account/two-factor"}
	return s.render(w, r, http.StatusOK, "twofactor_codes", p)
}

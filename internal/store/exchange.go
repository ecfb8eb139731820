package store

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/haki-kenya/haki"
)

// The exchange between organisations (haki.Exchange): an export of the
// verified incidents, signed with the organisation's key, that another
// instance imports through its batch engine.

// Instance returns this instance's identity in exchanges: the first 16
// bytes of the SHA-256 of its signing key, in hex.
func (s *Store) Instance(ctx context.Context) (string, error) {
	_, cert, err := s.OrganisationSigner(ctx, "")
	if err != nil {
		return "", err
	}
	return instanceOf(cert)
}

func instanceOf(cert *x509.Certificate) (string, error) {
	spki, err := x509.MarshalPKIXPublicKey(cert.PublicKey)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(spki)
	return hex.EncodeToString(sum[:16]), nil
}

// ExportExchange returns the verified incidents the caller may see as a
// signed exchange document. Those who may write batches may export them;
// it is audited as an export with its counts.
func (s *Store) ExportExchange(ctx context.Context) (*haki.Exchange, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermBatch); err != nil {
		return nil, err
	}
	signer, cert, err := s.OrganisationSigner(ctx, "")
	if err != nil {
		return nil, err
	}
	instance, err := instanceOf(cert)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = s.read(ctx, func(tx *Tx) error {
		cond, args := visibleIncidents("i", tx.user)
		ids, err = tx.strings(`SELECT i.id FROM incidents i WHERE i.verification = 'verified' AND `+cond+` ORDER BY i.occurred_on, i.id`, args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	e := &haki.Exchange{Format: haki.ExchangeFormat, Instance: instance, CreatedAt: s.Now().UTC().Truncate(time.Second),
		Certificate: base64.StdEncoding.EncodeToString(cert.Raw), Batch: haki.Batch{System: haki.ExchangeSystem(instance)}}
	persons := 0
	for _, id := range ids {
		bi, n, err := s.exchangeIncident(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("exchange incident %s: %w", id, err)
		}
		persons += n
		e.Batch.Incidents = append(e.Batch.Incidents, *bi)
	}
	signed, err := e.SignedBytes()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(signed)
	sig, err := ecdsa.SignASN1(rand.Reader, signer.(*ecdsa.PrivateKey), sum[:])
	if err != nil {
		return nil, err
	}
	e.Signature = base64.StdEncoding.EncodeToString(sig)
	err = s.write(ctx, func(tx *Tx) error {
		return tx.audit("export", "batch", "", nil, map[string]any{"exchange": instance, "incidents": len(ids), "persons_identified": persons})
	})
	return e, err
}

// exchangeIncident reads one incident with its parts as a batch row whose
// external ids are the record ids, and says how many persons it carries
// with their identity.
func (s *Store) exchangeIncident(ctx context.Context, id string) (*haki.BatchIncident, int, error) {
	inc, err := s.FindIncidentByID(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	acts, err := s.FindActs(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	sources, err := s.FindSources(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	bi := &haki.BatchIncident{ExternalID: inc.ID, Incident: *inc}
	clean := &bi.Incident
	clean.ID, clean.Ref, clean.CreatedBy, clean.VictimCount, clean.Version, clean.Redacted = "", "", "", 0, 0, false
	clean.CreatedAt, clean.UpdatedAt, clean.Publishable = time.Time{}, time.Time{}, false // publishing is each organisation's decision
	identified, seen := 0, map[string]bool{}
	for _, a := range acts {
		if !seen[a.VictimID] {
			seen[a.VictimID] = true
			p, shared, err := s.exchangePerson(ctx, a.VictimID)
			if err != nil {
				return nil, 0, err
			}
			if shared {
				identified++
			}
			bi.Persons = append(bi.Persons, haki.BatchPerson{ExternalID: a.VictimID, Person: *p})
		}
		act := haki.Act{ActType: a.ActType, Method: a.Method, Consequences: a.Consequences, VictimStatus: a.VictimStatus,
			VictimAge: a.VictimAge, Notes: a.Notes}
		bi.Acts = append(bi.Acts, haki.BatchAct{ExternalID: a.ID, Victim: a.VictimID, Act: act})
		for _, v := range a.Involvements {
			inv := *v
			inv.ID, inv.ActID, inv.Version, inv.InstitutionID, inv.InstitutionName = "", "", 0, "", ""
			for i := range inv.Outcomes {
				inv.Outcomes[i].ID = ""
			}
			bi.Involvements = append(bi.Involvements, haki.BatchInvolvement{ExternalID: v.ID, Act: a.ID, Involvement: inv})
		}
	}
	for _, src := range sources {
		c := *src
		c.ID, c.IncidentID, c.Version = "", "", 0
		bs := haki.BatchSource{ExternalID: src.ID, Source: c}
		if seen[src.PersonID] {
			bs.Person = src.PersonID // a victim who is also the source
		}
		c.PersonID = ""
		bs.Source = c
		bi.Sources = append(bi.Sources, bs)
	}
	return bi, identified, nil
}

// exchangePerson returns what an exchange carries of a person: all of it
// when their decision in force on sharing is "given", else only sex, age,
// county and whether they died.
func (s *Store) exchangePerson(ctx context.Context, id string) (*haki.Person, bool, error) {
	p, err := s.FindPersonByID(ctx, id)
	if err != nil {
		return nil, false, err
	}
	var shared bool
	if err := s.read(ctx, func(tx *Tx) (err error) {
		shared, err = tx.consentGiven(id, haki.ConsentSharing)
		return err
	}); err != nil {
		return nil, false, err
	}
	if !shared {
		p = &haki.Person{FullName: "Unknown", Sex: p.Sex, EstimatedAge: p.EstimatedAge, CountyCode: p.CountyCode, Deceased: p.Deceased}
	}
	p.ID, p.Ref, p.CreatedBy, p.Version, p.Redacted, p.DuplicateOK = "", "", "", 0, false, false
	p.CreatedAt, p.UpdatedAt = time.Time{}, time.Time{}
	return p, shared, nil
}

// ImportExchange verifies an exchange document's signature, that it comes
// from one of the trusted instances, and writes its batch under the
// sending instance's system: a later exchange from it updates what it
// wrote. It needs PermBatch, as any batch.
func (s *Store) ImportExchange(ctx context.Context, e *haki.Exchange, trusted []string, opt BatchOptions) (*haki.BatchResult, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermBatch); err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := verifyExchange(e); err != nil {
		return nil, err
	}
	trust := false
	for _, t := range trusted {
		trust = trust || t == e.Instance
	}
	if !trust {
		return nil, &haki.Error{Code: haki.EFORBIDDEN, Message: "This instance is not one you trust: name it to import its exchanges.",
			Fields: map[string]string{"instance": e.Instance}}
	}
	i := 0
	return s.ApplyBatchStream(ctx, e.Batch.System, func() (*haki.BatchIncident, error) {
		if i == len(e.Batch.Incidents) {
			return nil, io.EOF
		}
		i++
		return &e.Batch.Incidents[i-1], nil
	}, opt)
}

// verifyExchange checks the signature against the certificate the
// document carries, and that the certificate is the instance's.
func verifyExchange(e *haki.Exchange) error {
	bad := &haki.Error{Code: haki.EINVALID, Message: "The signature does not verify: the document was changed, or not signed by the instance it names.",
		Fields: map[string]string{"signature": "The signature does not verify: the document was changed, or not signed by the instance it names."}}
	der, err := base64.StdEncoding.DecodeString(e.Certificate)
	if err != nil {
		return bad
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return bad
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if instance, err := instanceOf(cert); !ok || err != nil || instance != e.Instance {
		return bad
	}
	sig, err := base64.StdEncoding.DecodeString(e.Signature)
	if err != nil {
		return bad
	}
	signed, err := e.SignedBytes()
	if err != nil {
		return bad
	}
	sum := sha256.Sum256(signed)
	if !ecdsa.VerifyASN1(pub, sum[:], sig) {
		return bad
	}
	return nil
}

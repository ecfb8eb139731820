package haki

import (
	"encoding/json"
	"time"
)

// ExchangeFormat names the version of the exchange document.
const ExchangeFormat = "haki-exchange/1"

// An Exchange is what one Haki instance sends another of the same
// coalition: its verified incidents, as a Batch whose System is
// "haki:" + Instance and whose external ids are the sender's record ids,
// so that the receiver's batch engine updates instead of duplicating on
// the next exchange. Persons carry their identity only when they gave
// their consent to sharing; otherwise only what the statistics need (sex,
// age, county, whether they died). It is signed with the sending
// organisation's key (ECDSA P-256 over SHA-256 of SignedBytes); Instance
// is the key's identity, the first 16 bytes of the SHA-256 of its
// SubjectPublicKeyInfo in hex, and the receiver names the instances it
// trusts.
type Exchange struct {
	Format      string    `json:"format"`
	Instance    string    `json:"instance"`
	CreatedAt   time.Time `json:"created_at"`
	Certificate string    `json:"certificate"` // the sender's self-signed certificate, DER in base64
	Batch       Batch     `json:"batch"`
	Signature   string    `json:"signature"` // ASN.1 ECDSA signature in base64
}

// ExchangeSystem is the batch system of an instance's exchanges.
func ExchangeSystem(instance string) string { return "haki:" + instance }

// SignedBytes returns what the signature covers: the document without
// its certificate and signature, as JSON.
func (e *Exchange) SignedBytes() ([]byte, error) {
	return json.Marshal(struct {
		Format    string    `json:"format"`
		Instance  string    `json:"instance"`
		CreatedAt time.Time `json:"created_at"`
		Batch     Batch     `json:"batch"`
	}{e.Format, e.Instance, e.CreatedAt, e.Batch})
}

// Validate checks the document's form; the store checks the signature.
func (e *Exchange) Validate() error {
	p := Problems{}
	if e.Format != ExchangeFormat {
		p.Add("format", "This is not an exchange document Haki reads.")
	}
	if len(e.Instance) != 32 || ValidateBatchSystem(e.Instance) != nil {
		p.Add("instance", "Name the sending instance by its 32-character key identity.")
	} else if e.Batch.System != ExchangeSystem(e.Instance) {
		p.Add("batch.system", "The batch of an exchange is the sending instance's.")
	}
	if e.Certificate == "" || e.Signature == "" {
		p.Add("signature", "The document is not signed.")
	}
	return p.Err()
}

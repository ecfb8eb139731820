package web

import (
	"context"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// caseServicesSection is the services and referrals part of a case's page
// (templates/case_services_section.html).
type caseServicesSection struct {
	CaseID string
	// Services are the latest few; ServiceCount and TotalKES are of all.
	Services     []*haki.Service
	ServiceCount int
	TotalKES     int64
	Referrals    []referralRow
	Overdue      int
	Today        string
}

// referralRow is a referral with the answers the caller may give it.
type referralRow struct {
	*haki.Referral
	Actions []string // none when the caller may not answer it or it is closed
}

// caseSectionServices is how many services the case page shows.
const caseSectionServices = 10

// caseServices loads the services and referrals of a case for its page.
func (s *Server) caseServices(ctx context.Context, caseID string) (caseServicesSection, error) {
	sec := caseServicesSection{CaseID: caseID, Today: haki.Today(s.now()).Format("2006-01-02")}
	svs, err := s.store.FindServices(ctx, caseID)
	if err != nil {
		return sec, err
	}
	sec.ServiceCount = len(svs)
	for _, sv := range svs {
		sec.TotalKES += sv.CostKES
	}
	sec.Services = svs[:min(len(svs), caseSectionServices)]
	refs, err := s.store.FindReferrals(ctx, caseID)
	if err != nil {
		return sec, err
	}
	mine := ""
	if me, err := s.store.FindMyProfessional(ctx); err == nil {
		mine = me.ID
	} else if haki.ErrorCode(err) != haki.ENOTFOUND {
		return sec, err
	}
	u := haki.UserFromContext(ctx)
	for _, r := range refs {
		row := referralRow{Referral: r}
		if store.MayRespond(u, r, mine) {
			row.Actions = referralActions(r.Status)
		}
		if r.Overdue {
			sec.Overdue++
		}
		sec.Referrals = append(sec.Referrals, row)
	}
	return sec, nil
}

package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// serviceFormPage is the data of the new and edit service forms.
type serviceFormPage struct {
	Page
	Case    *haki.Case
	Service *haki.Service
	Types   []string
	// Staff and Professionals are who may have delivered it, as
	// "staff:<id>" and "professional:<id>" choices.
	Staff, Professionals []providerOption
	// What the user typed.
	Provider, DeliveredOn, Duration, Cost, AttendeeRefs string
	Action                                              string
}

// providerOption is one choice of the provider select.
type providerOption struct{ Value, Label string }

// serviceProviders lists the colleagues and the professionals a service may
// name. Those who may not read the directory (network professionals) are
// offered only their own record.
func (s *Server) serviceProviders(ctx context.Context, p *serviceFormPage) error {
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if !u.Disabled && slices.Contains([]haki.Role{haki.RoleCaseworker, haki.RoleAdmin, haki.RoleDataManager}, u.Role) {
			label := u.DisplayName
			if label == "" {
				label = u.Username
			}
			p.Staff = append(p.Staff, providerOption{"staff:" + u.ID, label})
		}
	}
	if p.User.Can(haki.PermNetworkRead) {
		opts, err := s.store.ProfessionalOptions(ctx)
		if err != nil {
			return err
		}
		for _, o := range opts {
			p.Professionals = append(p.Professionals, providerOption{"professional:" + o.ID, o.Name + " (" + p.T("network.profession."+o.Profession) + ")"})
		}
		return nil
	}
	me, err := s.store.FindMyProfessional(ctx)
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	p.Professionals = append(p.Professionals, providerOption{"professional:" + me.ID, me.Name})
	return nil
}

// providerValue is the select's value for a service's provider.
func providerValue(sv *haki.Service) string {
	switch {
	case sv.ProfessionalID != "":
		return "professional:" + sv.ProfessionalID
	case sv.StaffID != "":
		return "staff:" + sv.StaffID
	}
	return ""
}

func (s *Server) renderServiceForm(w http.ResponseWriter, r *http.Request, p serviceFormPage, status int) error {
	p.Types = haki.ServiceTypes
	if err := s.serviceProviders(r.Context(), &p); err != nil {
		return err
	}
	return s.render(w, r, status, "service_form", p)
}

// serviceNew offers the form; the provider defaults to the signed-in user:
// their directory record for a network professional.
func (s *Server) serviceNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := serviceFormPage{Page: s.page(w, r, "service.new.title"), Case: c, Service: &haki.Service{}, Action: "/cases/" + c.ID + "/services",
		DeliveredOn: haki.Today(s.now()).Format(time.DateOnly)}
	if me, err := s.store.FindMyProfessional(ctx); err == nil {
		p.Provider = "professional:" + me.ID
	} else if haki.ErrorCode(err) != haki.ENOTFOUND {
		return err
	} else if p.User.Role != haki.RoleProfessional {
		p.Provider = "staff:" + p.User.ID
	}
	return s.renderServiceForm(w, r, p, http.StatusOK)
}

func (s *Server) serviceEdit(w http.ResponseWriter, r *http.Request) error {
	sv, err := s.caseService(r)
	if err != nil {
		return err
	}
	c, err := s.store.FindCaseByID(r.Context(), sv.CaseID)
	if err != nil {
		return err
	}
	p := serviceFormPage{Page: s.page(w, r, "service.edit.title"), Case: c, Service: sv, Action: "/cases/" + c.ID + "/services/" + sv.ID,
		Provider: providerValue(sv), DeliveredOn: fmtDay(sv.DeliveredOn), Duration: strconv.Itoa(sv.DurationMinutes),
		Cost: strconv.FormatInt(sv.CostKES, 10)}
	return s.renderServiceForm(w, r, p, http.StatusOK)
}

// caseService returns the service {svc} of the case {id}: a service of
// another case is not found here.
func (s *Server) caseService(r *http.Request) (*haki.Service, error) {
	sv, err := s.store.FindServiceByID(r.Context(), r.PathValue("svc"))
	if err != nil {
		return nil, err
	}
	if sv.CaseID != r.PathValue("id") {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such service.")
	}
	return sv, nil
}

// readService fills a service from the form; attendees are typed as case references.
func (s *Server) readService(r *http.Request, f *form, p Page) (*haki.Service, error) {
	sv := &haki.Service{Type: f.str("type"), Outcome: f.str("outcome"), Notes: f.str("notes"), Version: f.version()}
	kind, id, _ := strings.Cut(f.str("provider"), ":")
	switch kind {
	case "staff":
		sv.StaffID = id
	case "professional":
		sv.ProfessionalID = id
	}
	if d := f.str("delivered_on"); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			f.problems.Add("delivered_on", p.T("common.date_day_hint"))
		}
		sv.DeliveredOn = t
	}
	if n := f.int("duration_minutes"); n != nil {
		sv.DurationMinutes = *n
	}
	if v := f.str("cost_kes"); v != "" {
		n, err := strconv.ParseInt(strings.ReplaceAll(v, ",", ""), 10, 64)
		if err != nil {
			f.problems.Add("cost_kes", "Enter the cost in whole shillings, 0 or more.")
		}
		sv.CostKES = n
	}
	refs := strings.FieldsFunc(f.str("attendee_refs"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == ';' })
	for _, ref := range refs {
		id, err := s.caseIDByRef(r.Context(), ref)
		if err != nil {
			return nil, err
		}
		if id == "" {
			f.problems.Add("attendee_case_ids", p.T("service.error.no_case", ref))
			continue
		}
		sv.AttendeeCaseIDs = append(sv.AttendeeCaseIDs, id)
	}
	return sv, nil
}

// caseIDByRef finds a case the caller may see by its reference, "" when none.
func (s *Server) caseIDByRef(ctx context.Context, ref string) (string, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	cases, _, err := s.store.FindCases(ctx, haki.CaseFilter{Text: ref, Limit: 20})
	if err != nil {
		return "", err
	}
	for _, c := range cases {
		if c.Ref == ref {
			return c.ID, nil
		}
	}
	return "", nil
}

func (s *Server) serviceCreate(w http.ResponseWriter, r *http.Request) error {
	p := serviceFormPage{Page: s.page(w, r, "service.new.title"), Action: "/cases/" + r.PathValue("id") + "/services"}
	return s.serviceSave(w, r, p, "", "flash.created")
}

func (s *Server) serviceUpdate(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.caseService(r); err != nil {
		return err
	}
	p := serviceFormPage{Page: s.page(w, r, "service.edit.title"), Action: "/cases/" + r.PathValue("id") + "/services/" + r.PathValue("svc")}
	return s.serviceSave(w, r, p, r.PathValue("svc"), "flash.saved")
}

// serviceSave records (id "") or updates a service from the form and goes
// back to the case.
func (s *Server) serviceSave(w http.ResponseWriter, r *http.Request, p serviceFormPage, id, flash string) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p.Case = c
	f := newForm(r)
	sv, err := s.readService(r, f, p.Page)
	if err != nil {
		return err
	}
	sv.ID, sv.CaseID = id, c.ID
	sv.Normalize()
	err = f.check(func() error { return sv.Validate(s.now()) })
	if err == nil && id == "" {
		err = s.store.CreateService(ctx, sv)
	} else if err == nil {
		err = s.store.UpdateService(ctx, sv)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Service, p.Errors = sv, fields
		p.Provider, p.DeliveredOn, p.Duration = f.str("provider"), f.str("delivered_on"), f.str("duration_minutes")
		p.Cost, p.AttendeeRefs = f.str("cost_kes"), f.str("attendee_refs")
		return s.renderServiceForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID+"#services", flash)
}

// serviceDelete removes one service of the case.
func (s *Server) serviceDelete(w http.ResponseWriter, r *http.Request) error {
	sv, err := s.caseService(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteService(r.Context(), sv.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+sv.CaseID+"#services", "flash.deleted")
}

// serviceListPage is the data of all the services of a case.
type serviceListPage struct {
	Page
	Case     *haki.Case
	Services []*haki.Service
	Total    int64
}

// serviceList shows every service of a case, latest first.
func (s *Server) serviceList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := serviceListPage{Page: s.page(w, r, "service.list.title"), Case: c}
	if p.Services, err = s.store.FindServices(ctx, c.ID); err != nil {
		return err
	}
	for _, sv := range p.Services {
		p.Total += sv.CostKES
	}
	return s.render(w, r, http.StatusOK, "service_list", p)
}

package web

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// benchMonth is the month the benchmark fills: October 2026, Nairobi.
var benchMonth = time.Date(2026, 10, 1, 0, 0, 0, 0, haki.Nairobi)

// rebind turns ? placeholders into $n for PostgreSQL.
func rebind(st *store.Store, q string) string {
	if st.Dialect() != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// seedTeamMonth puts n events on the team's calendar in benchMonth through
// the store (sealed notes, audit and all), each with one colleague taking
// part.
func seedTeamMonth(tb testing.TB, st *store.Store, as *haki.User, n int) {
	tb.Helper()
	ctx := storetest.As(as)
	kinds := []string{haki.KindMeeting, haki.KindTraining, haki.KindFieldVisit}
	for i := range n {
		start := benchMonth.Add(time.Duration(i%31)*24*time.Hour + time.Duration(8+i%10)*time.Hour)
		e := &haki.CalendarEvent{Kind: kinds[i%3], StartsAt: start, EndsAt: start.Add(time.Hour), Location: fmt.Sprintf("Room %d", i%20),
			OwnerTeamID: as.TeamID, Participants: []*haki.Participant{{UserID: as.ID}}}
		if err := st.CreateEvent(ctx, e); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkCalendarMonth renders the month view of a team calendar holding
// 5,000 events that month, through the handler; BenchmarkCalendarMonthSQL
// is the floor: one hand-written query reading the same events and
// participants.
func BenchmarkCalendarMonth(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			st := e.Open(b)
			app := newTestApp(b, st)
			cw := app.users[haki.RoleCaseworker]
			seedTeamMonth(b, st, cw, 5000)
			c := app.sessionClient(b, haki.RoleCaseworker)
			if res := c.get("/calendar?view=month&date=2026-10&who=team"); res.status != 200 || !strings.Contains(res.body, "cal-more") {
				b.Fatalf("month view: %d", res.status)
			}
			b.ResetTimer()
			for b.Loop() {
				if res := c.get("/calendar?view=month&date=2026-10&who=team"); res.status != 200 {
					b.Fatal(res.status)
				}
			}
		})
	}
}

func BenchmarkCalendarMonthSQL(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			st := e.Open(b)
			team := storetest.MustTeam(b, st, "Bench")
			u := storetest.MustUser(b, st, "bench", haki.RoleCaseworker, team.ID)
			seedTeamMonth(b, st, u, 5000)
			from, to := benchMonth.AddDate(0, 0, -3).UTC().Format(time.RFC3339Nano), benchMonth.AddDate(0, 1, 8).UTC().Format(time.RFC3339Nano)
			q := rebind(st, `SELECT e.id, e.kind, e.starts_at, e.ends_at, e.location, e.status, p.user_id, p.attendance FROM events e
				LEFT JOIN event_participants p ON p.event_id = e.id WHERE e.owner_team_id = ? AND e.starts_at < ? AND e.last_ends_at > ? ORDER BY e.starts_at`)
			read := func() int {
				rows, err := st.DB().Query(q, team.ID, to, from)
				if err != nil {
					b.Fatal(err)
				}
				defer rows.Close()
				n := 0
				for rows.Next() {
					var id, kind, starts, ends, loc, status, att string
					var user sql.NullString
					if err := rows.Scan(&id, &kind, &starts, &ends, &loc, &status, &user, &att); err != nil {
						b.Fatal(err)
					}
					n++
				}
				return n
			}
			if n := read(); n != 5000 {
				b.Fatalf("read %d rows", n)
			}
			b.ResetTimer()
			for b.Loop() {
				read()
			}
		})
	}
}

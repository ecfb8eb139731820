package i18n_test

import (
	"testing"

	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/password"
)

// TestPasswordFeedbackTranslated checks every piece of advice the strength
// estimate gives a weak password reads in Kiswahili on a Kiswahili page.
func TestPasswordFeedbackTranslated(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range password.Messages() {
		if c.Message("sw", msg) == msg {
			t.Errorf("no Kiswahili for %q", msg)
		}
	}
}

package web

import "strings"

// deviceName describes a browser coarsely from its User-Agent, e.g.
// "Chrome on Android", so a user can tell their sessions apart. The raw
// header and the address are never stored: together they can identify a
// person's phone.
func deviceName(ua string) string {
	if ua == "" {
		return ""
	}
	browser := firstMatch(ua, [][2]string{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"SamsungBrowser", "Samsung Internet"},
		{"Firefox/", "Firefox"}, {"FxiOS", "Firefox"}, {"CriOS", "Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
		{"curl/", "curl"}})
	system := firstMatch(ua, [][2]string{{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}})
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return system
	}
	return "Other"
}

// firstMatch returns the name of the first pair whose marker is in ua.
func firstMatch(ua string, pairs [][2]string) string {
	for _, p := range pairs {
		if strings.Contains(ua, p[0]) {
			return p[1]
		}
	}
	return ""
}

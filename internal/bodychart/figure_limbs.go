package bodychart

// The hands and feet, palm and back, sole and top.

// hand is the outline of a hand, fingers up, thumb on the right, in 40 by 50.
var hand = []pt{
	{13, 48}, {12, 40}, {11.5, 30}, // little finger side, wrist to palm
	{11.8, 22}, {12.3, 14}, {13.8, 12}, {15.3, 13.5}, {15.8, 22}, // little finger
	{16, 24.5}, {16.3, 14}, {16.8, 8}, {18.2, 6.8}, {19.7, 7.8}, {20, 14}, // ring finger
	{20.2, 24}, {20.4, 12}, {20.8, 5.5}, {22.2, 4.2}, {23.7, 5.3}, {24.1, 12}, // middle finger
	{24.3, 24.2}, {24.6, 13}, {25, 8.5}, {26.4, 7.5}, {27.8, 8.5}, {28.2, 14}, {28.6, 24}, // index
	{29, 30}, {31.5, 27}, {34, 24.5}, {35.8, 24.5}, {36.5, 26}, {35, 30}, {32, 36}, {29, 41}, {27, 48}, // thumb
}

// handPanel is a hand seen from its palm or its back.
func handPanel(palm bool) panel {
	p := panel{w: 40, parts: [][]pt{hand}}
	code := "hand_back_"
	if palm {
		code = "palm_"
		p.lines = []shape{
			open(pt{12, 31.5}, pt{17, 29.5}, pt{22, 30}, pt{26, 28.5}), // heart line
			open(pt{28, 31}, pt{26, 36}, pt{23, 42}),                   // life line
		}
	} else {
		for _, n := range [][2]float64{{13.8, 14.6}, {18.2, 9.4}, {22.2, 7}, {26.4, 10}} {
			p.lines = append(p.lines, closed(ellipse(n[0], n[1], 1, 1.7, 10))) // nails
		}
		p.lines = append(p.lines, closed(ellipse(35.2, 26.2, 1.1, 1.3, 10)))
	}
	p.regions = []region{
		{code: "fingers_", poly: []pt{{0, 0}, {40, 0}, {40, 44}, {32, 36}, {29.5, 29}, {28.6, 24.5}, {0, 24.5}}},
		{code: "wrist_", poly: rect(0, 44, 40, 50)},
		{code: code, poly: rect(0, 0, 40, 50)},
	}
	return p
}

func handsView() *view {
	v := &view{w: 100, h: 112}
	// Fingers up, the right palm has its thumb on the right of the drawing
	// and the back of the right hand on the left; the left hand mirrors it.
	v.add(handPanel(true), false, true, 5, 1)
	v.add(handPanel(true), true, false, 55, 1)
	v.add(handPanel(false), true, true, 5, 57)
	v.add(handPanel(false), false, false, 55, 57)
	v.captions = panelCaptions(56, "bodychart.panel.palm_right", "bodychart.panel.palm_left", "bodychart.panel.back_right", "bodychart.panel.back_left")
	return v
}

// toes are the centres and half-sizes of the toes of footOutline, little
// toe first.
var toes = [][4]float64{{14.3, 19.4, 2.3, 2.6}, {18.7, 15.8, 2.4, 2.8}, {23.1, 13.2, 2.4, 3}, {27.5, 11.2, 2.5, 3.2}, {32.4, 9.6, 3.6, 4.2}}

// footOutline is a foot, toes up, big toe on the right, in 40 by 60.
func footOutline() []pt {
	pts := []pt{{13, 44}, {12.2, 34}, {11.8, 26}, {12, 21}} // outer edge
	for _, t := range toes {
		pts = append(pts, arc(t[0], t[1], t[2], t[3], 165, 375, 8)...)
	}
	pts = append(pts, pt{35.8, 14}, pt{35.2, 20}, pt{34.6, 24}, pt{32, 32}, pt{29.5, 38}, pt{28.5, 45}) // ball, arch
	return append(pts, arc(20, 52, 6.6, 6, 0, 180, 10)...)                                              // heel
}

// footPanel is a foot seen from its sole or its top.
func footPanel(sole bool) panel {
	p := panel{w: 40, parts: [][]pt{footOutline()}}
	toeLine := []pt{{0, 0}, {40, 0}, {40, 13.5}, {29.6, 13}, {25.3, 15}, {21, 17.3}, {16.5, 20.3}, {0, 22}}
	if sole {
		p.lines = []shape{
			open(pt{13.5, 22}, pt{20, 20.5}, pt{27, 18.8}, pt{33.5, 19.5}), // ball of the foot
			open(pt{16, 49}, pt{20.5, 47}, pt{25.5, 48.5}),                 // heel pad
		}
		p.regions = []region{{code: "toes_", poly: toeLine}, {code: "heel_", poly: rect(0, 48, 40, 60)}, {code: "sole_", poly: rect(0, 0, 40, 60)}}
		return p
	}
	for _, t := range toes {
		p.lines = append(p.lines, closed(ellipse(t[0], t[1]-t[3]*0.3, t[2]*0.5, t[3]*0.45, 10))) // nails
	}
	p.regions = []region{{code: "toes_", poly: toeLine}, {code: "ankle_", poly: rect(0, 50, 40, 60)}, {code: "foot_", poly: rect(0, 0, 40, 60)}}
	return p
}

func feetView() *view {
	v := &view{w: 100, h: 128}
	// Toes up, the right foot seen from above has its big toe on the left
	// of the drawing, its sole on the right; the left foot mirrors it.
	v.add(footPanel(true), false, true, 5, 0)
	v.add(footPanel(true), true, false, 55, 0)
	v.add(footPanel(false), true, true, 5, 64)
	v.add(footPanel(false), false, false, 55, 64)
	v.captions = panelCaptions(64, "bodychart.panel.sole_right", "bodychart.panel.sole_left", "bodychart.panel.top_right", "bodychart.panel.top_left")
	return v
}

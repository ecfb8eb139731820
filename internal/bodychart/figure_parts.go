package bodychart

// The head, hands and feet, each drawn larger in four panels of one view,
// with a caption under each panel.

// panel is a drawing made once and placed, perhaps flipped, in a view.
type panel struct {
	w       float64 // template width, for flipping
	parts   [][]pt
	lines   []shape
	regions []region // parts counted from the panel's first
}

// add places p in v at dx, dy (flipped left to right when flip is set) and
// names each sided region for the person's right or left side.
func (v *view) add(p panel, flip, right bool, dx, dy float64) {
	base := len(v.parts)
	for _, part := range p.parts {
		v.parts = append(v.parts, place(part, p.w, 1, flip, dx, dy))
	}
	for _, l := range p.lines {
		v.lines = append(v.lines, shape{pts: place(l.pts, p.w, 1, flip, dx, dy), closed: l.closed})
	}
	for _, r := range p.regions {
		code := r.code
		if code[len(code)-1] == '_' { // a sided code, its side to come
			code = sided(code[:len(code)-1], right)
		}
		v.regions = append(v.regions, region{code: code, part: base + r.part, poly: place(r.poly, p.w, 1, flip, dx, dy)})
	}
}

func headView() *view {
	v := &view{w: 100, h: 112}
	v.add(headFront(true), false, false, 0, 0)
	v.add(headFront(false), false, false, 50, 0)
	v.add(headSide(), false, true, 0, 56)
	v.add(headSide(), true, false, 50, 56)
	v.captions = panelCaptions(56, "bodychart.panel.front", "bodychart.panel.back", "bodychart.panel.right_side", "bodychart.panel.left_side")
	return v
}

// panelCaptions places four captions under a 2 by 2 grid of panels 50 wide
// and ph high.
func panelCaptions(ph float64, keys ...string) []caption {
	return []caption{{25, ph - 2, keys[0]}, {75, ph - 2, keys[1]}, {25, 2*ph - 2, keys[2]}, {75, 2*ph - 2, keys[3]}}
}

// headFront is the head from the front, or from the back, in 50 by 50.
func headFront(front bool) panel {
	neck := []pt{{19, 32}, {18.6, 41}, {15, 45.5}, {35, 45.5}, {31.4, 41}, {31, 32}}
	earR, earL := ellipse(13.6, 22, 2.3, 4, 16), ellipse(36.4, 22, 2.3, 4, 16)
	head := ellipse(25, 21, 11.5, 15, 40)
	p := panel{w: 50, parts: [][]pt{neck, earR, earL, head}}
	if !front {
		p.regions = []region{
			{code: "ear_left", part: 1, poly: earR}, {code: "ear_right", part: 2, poly: earL},
			{code: "scalp", part: 3, poly: rect(0, 0, 50, 40)}, {code: "nape", poly: rect(0, 0, 50, 50)},
		}
		p.lines = []shape{open(pt{19, 33.5}, pt{25, 34.6}, pt{31, 33.5}), open(pt{25, 35}, pt{25, 44})}
		return p
	}
	eyeR, eyeL := ellipse(19.5, 20, 3.6, 2.4, 16), ellipse(30.5, 20, 3.6, 2.4, 16)
	p.regions = []region{
		{code: "ear_right", part: 1, poly: earR}, {code: "ear_left", part: 2, poly: earL},
		{code: "eye_right", part: 3, poly: eyeR}, {code: "eye_left", part: 3, poly: eyeL},
		{code: "nose", part: 3, poly: rect(22.6, 19, 27.4, 28.4)},
		{code: "mouth", part: 3, poly: rect(20, 28.4, 30, 33.4)},
		{code: "scalp", part: 3, poly: append(append([]pt{{0, 19}}, arc(25, 19, 10.6, 8.5, 180, 360, 12)...), pt{50, 19}, pt{50, 0}, pt{0, 0})},
		{code: "forehead", part: 3, poly: rect(10, 0, 40, 17)},
		{code: "face", part: 3, poly: rect(0, 0, 50, 40)},
		{code: "neck", poly: rect(0, 0, 50, 50)},
	}
	p.lines = []shape{
		open(arc(25, 19, 10.6, 8.5, 195, 345, 12)...), // hairline
		open(pt{16.6, 20}, pt{19.5, 18.6}, pt{22.4, 20}, pt{19.5, 21.2}, pt{16.6, 20}),
		open(pt{27.6, 20}, pt{30.5, 18.6}, pt{33.4, 20}, pt{30.5, 21.2}, pt{27.6, 20}),
		open(pt{16.5, 16.8}, pt{19.5, 15.8}, pt{22.5, 16.6}), open(pt{27.5, 16.6}, pt{30.5, 15.8}, pt{33.5, 16.8}), // brows
		open(pt{24.4, 21}, pt{23.4, 26.6}, pt{25, 27.3}, pt{26.6, 26.6}), // nose
		open(pt{21.2, 31}, pt{25, 31.9}, pt{28.8, 31}),                   // mouth
	}
	return p
}

// headSide is the head from its right side, facing right, in 50 by 50.
func headSide() panel {
	// The skull from the lower back over the crown, then the face, the
	// neck and the nape.
	head := append(arc(23.5, 21, 13.3, 15, -215, -60, 16), []pt{
		{34, 11}, {36, 14.5}, {36.8, 18}, {37.3, 19.5}, {40.5, 24.5}, {40, 25.6}, {37.5, 26}, {37.8, 27.5},
		{37.1, 28.5}, {37.6, 29.7}, {37, 32.5}, {35, 35}, {30, 35.2}, {29.5, 38}, {30.5, 42}, {34, 45.5},
		{10, 45.5}, {14.5, 40}, {14.3, 35}, {13.2, 32},
	}...)
	ear := ellipse(21, 22, 2.6, 4, 16)
	return panel{w: 50, parts: [][]pt{head},
		lines: []shape{
			closed(ear), open(pt{22, 19.5}, pt{21.2, 22}, pt{22, 24.5}),
			open(pt{32.6, 19.6}, pt{34.2, 19}, pt{35.4, 19.6}), // eye
			open(pt{32.5, 17}, pt{35, 16.3}, pt{36.5, 17}),     // brow
			open(pt{35.4, 28.5}, pt{37.1, 28.5}),               // mouth
			open(pt{21.5, 30.5}, pt{24, 34}, pt{29.5, 35.2}),   // jaw
		},
		regions: []region{
			{code: "ear_", poly: ellipse(21, 22, 3.2, 4.6, 16)},
			{code: "eye_", poly: ellipse(34, 19.4, 2.6, 2, 12)},
			{code: "nose", poly: rect(37.3, 19.5, 45, 26)},
			{code: "mouth", poly: rect(34.5, 26, 45, 31)},
			{code: "forehead", poly: rect(27, 6, 45, 17.5)},
			{code: "face", poly: rect(24, 16, 45, 35.5)},
			{code: "nape", poly: rect(0, 31, 22, 50)},
			{code: "neck", poly: rect(22, 35.5, 50, 50)},
			{code: "scalp", poly: rect(0, 0, 50, 50)},
		},
	}
}

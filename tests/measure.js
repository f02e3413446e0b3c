// What tests/test_themes.py measures of the extension's output in a page: the contrast
// of each text shown, the boxes that reach beyond the page's width, the tables (or the
// theme's boxes around them) that scroll sideways, and the mail links' boxes.
() => {
    const OUTPUT = "table.offerings-table, .offerings-local-hours, [data-offerings-ref]";
    const width = document.documentElement.clientWidth;

    const parse = value => {
        const found = value.match(/rgba?\(([^)]+)\)/);
        if (!found) return null;
        const [r, g, b, a = 1] = found[1].split(/[\s,/]+/).filter(Boolean).map(Number);
        return {r, g, b, a};
    };
    // one colour seen through another (alpha compositing, "source over")
    const over = (top, bottom) => {
        const a = top.a + bottom.a * (1 - top.a);
        const mix = k => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
        return {r: mix("r"), g: mix("g"), b: mix("b"), a};
    };
    // the colours behind an element, up to the first opaque one (the canvas is white)
    const background = element => {
        const layers = [];
        for (let e = element; e; e = e.parentElement) {
            const colour = parse(getComputedStyle(e).backgroundColor);
            if (colour && colour.a > 0) layers.push(colour);
            if (colour && colour.a >= 1) break;
        }
        return layers.reverse().reduce((below, layer) => over(layer, below),
                                       {r: 255, g: 255, b: 255, a: 1});
    };
    const opacity = element => {
        let product = 1;
        for (let e = element; e; e = e.parentElement) product *= Number(getComputedStyle(e).opacity);
        return product;
    };
    // WCAG 2: relative luminance, and the ratio of two
    const luminance = c => {
        const channel = v => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    };
    const ratio = (one, other) => {
        const [light, dark] = [luminance(one), luminance(other)].sort((x, y) => y - x);
        return (light + 0.05) / (dark + 0.05);
    };
    const hex = c => "#" + [c.r, c.g, c.b]
        .map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
    // Not shown: not displayed, not visible, or inside a box of a pixel that clips
    // (text for screen readers only, a phone's table header row).
    const hidden = element => {
        for (let e = element; e; e = e.parentElement) {
            const style = getComputedStyle(e), box = e.getBoundingClientRect();
            if (style.display === "none" || style.visibility === "hidden") return true;
            const clips = style.overflow !== "visible" || style.clipPath !== "none";
            if (clips && (box.width <= 1 || box.height <= 1)) return true;
        }
        return false;
    };
    const name = element => element.tagName.toLowerCase()
        + [...element.classList].map(c => "." + c).join("");
    const contrast = (element, style, text) => {
        const behind = background(element);
        const colour = parse(style.color);
        colour.a *= opacity(element);
        const seen = over(colour, behind);
        const size = parseFloat(style.fontSize);
        // WCAG's large text (18pt, or 14pt bold) needs 3:1, other text 4.5:1
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        return {
            text: text.slice(0, 40), element: name(element), colour: hex(seen),
            background: hex(behind), ratio: ratio(seen, behind), large,
            local: element.closest(".offerings-local-hours") !== null,
        };
    };

    const roots = [...document.querySelectorAll(OUTPUT)];
    const texts = [];
    for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (!node.textContent.trim() || hidden(element) || opacity(element) === 0) continue;
            texts.push(contrast(element, getComputedStyle(element), node.textContent.trim()));
        }
        // generated text: a phone card's labels (data-label) are shown by ::before
        for (const element of [root, ...root.querySelectorAll("*")]) {
            for (const pseudo of ["::before", "::after"]) {
                const style = getComputedStyle(element, pseudo);
                if (["none", "normal", '""'].includes(style.content)) continue;
                if (style.display === "none" || hidden(element)) continue;
                const text = element.dataset.label || style.content;
                texts.push(contrast(element, style, `${pseudo} ${text}`));
            }
        }
    }

    const outside = [];
    for (const element of roots.flatMap(root => [root, ...root.querySelectorAll("*")])) {
        const box = element.getBoundingClientRect();
        if ((box.left < -0.5 || box.right > width + 0.5) && !hidden(element)) {
            outside.push({element: name(element), left: box.left, right: box.right});
        }
    }

    const scrolling = [];
    for (const table of document.querySelectorAll("table.offerings-table")) {
        for (let e = table; e && e !== document.body; e = e.parentElement) {
            const scrolls = e === table || ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
            if (scrolls && e.scrollWidth > e.clientWidth) {
                scrolling.push({element: name(e), scroll: e.scrollWidth, client: e.clientWidth});
            }
        }
    }

    const mail = [...document.querySelectorAll('a[href^="mailto:"]')].map(a => {
        const box = a.getBoundingClientRect();
        return {href: a.getAttribute("href"), left: box.left, right: box.right,
                width: box.width, height: box.height};
    });

    return {texts, outside, scrolling, mail, body: luminance(background(document.body)), width};
}

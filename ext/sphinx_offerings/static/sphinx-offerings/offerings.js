/* Business hours in the reader's own time zone.
 *
 * Every hours figure is a span whose data-offerings-value is canonical:
 * "monday,tuesday 19:00-22:00 America/Toronto[, public holidays excluded]".
 * Beside it this adds the same window, today, in the reader's time zone:
 * "(your time: 01:00 – 04:00, next day)". The published text stays the source
 * of truth; without JavaScript it stands alone. No dependencies.
 */
(function () {
  "use strict";

  var CANONICAL =
    /^([a-z]+(?:,[a-z]+)*) (\d{2}):(\d{2})-(\d{2}):(\d{2}) ([A-Za-z0-9_+\-\/]+)(?:, public holidays excluded)?$/;
  var DAY_MS = 24 * 60 * 60 * 1000;

  var partsFormats = {};

  /* Calendar fields of an instant as seen in a time zone (undefined: the reader's). */
  function wallTime(instant, timeZone) {
    var key = timeZone || "";
    if (!partsFormats[key]) {
      partsFormats[key] = new Intl.DateTimeFormat("en-US", {
        timeZone: timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    }
    var fields = {};
    partsFormats[key].formatToParts(new Date(instant)).forEach(function (part) {
      fields[part.type] = parseInt(part.value, 10);
    });
    return {
      year: fields.year,
      month: fields.month,
      day: fields.day,
      hour: fields.hour % 24,
      minute: fields.minute,
      second: fields.second,
    };
  }

  /* The wall time's fields read as if they were UTC: a number to compare and subtract. */
  function asUTC(wall) {
    return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second || 0);
  }

  /* The zone's offset from UTC at an instant, in milliseconds. */
  function offsetAt(instant, timeZone) {
    return asUTC(wallTime(instant, timeZone)) - Math.floor(instant / 1000) * 1000;
  }

  /* The instant at which a wall-clock time occurs in a zone. The offset depends on
   * the instant, so guess with the offset at the wall time read as UTC, then
   * correct with the offset at the guess, until it no longer moves (at most
   * twice: daylight saving changes the offset once around any date). */
  function instantOf(wall, timeZone) {
    var target = asUTC(wall);
    var instant = target - offsetAt(target, timeZone);
    for (var i = 0; i < 3; i += 1) {
      var next = target - offsetAt(instant, timeZone);
      if (next === instant) {
        break;
      }
      instant = next;
    }
    return instant;
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function clock(wall) {
    return pad(wall.hour) + ":" + pad(wall.minute);
  }

  /* Whole days from one wall date to another. */
  function daysBetween(from, to) {
    var a = Date.UTC(from.year, from.month - 1, from.day);
    var b = Date.UTC(to.year, to.month - 1, to.day);
    return Math.round((b - a) / DAY_MS);
  }

  function readerZone() {
    try {
      return new Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return undefined;
    }
  }

  /* Today's window in the catalogue's zone: the reader's start, end and day shift. */
  function localHours(value, now) {
    var match = CANONICAL.exec(value);
    if (!match) {
      return null;
    }
    var zone = match[6];
    var today = wallTime(now, zone);
    function at(hour, minute, laterDays) {
      var wall = { year: today.year, month: today.month, day: today.day + laterDays };
      wall.hour = parseInt(hour, 10);
      wall.minute = parseInt(minute, 10);
      return instantOf(wall, zone); // Date.UTC carries a day past the month's end
    }
    var start = at(match[2], match[3], 0);
    var end = at(match[4], match[5], 0);
    if (end <= start) {
      end = at(match[4], match[5], 1); // closes after midnight
    }
    var localStart = wallTime(start);
    return {
      zone: zone,
      start: clock(localStart),
      end: clock(wallTime(end)),
      shift: daysBetween(today, localStart),
    };
  }

  var DAY_SHIFT = { "-1": "previous day", 1: "next day" };

  function spokenClock(text) {
    return text.replace(/^0(?=\d)/, "");
  }

  function describe(hours, zone) {
    var shift = DAY_SHIFT[hours.shift] || "";
    var shown = "(your time: " + hours.start + " \u2013 " + hours.end;
    var spoken = "In your time zone, " + (zone || "local time") + ": ";
    spoken += spokenClock(hours.start) + " to " + spokenClock(hours.end);
    return {
      shown: shown + (shift ? ", " + shift : "") + ")",
      spoken: spoken + (shift ? ", the " + shift : "") + ".",
    };
  }

  function annotate(span, zone, now) {
    var next = span.nextElementSibling;
    if (next && next.classList.contains("offerings-local-hours")) {
      return; // already shown
    }
    var hours = localHours(span.getAttribute("data-offerings-value") || "", now);
    if (!hours || hours.zone === zone) {
      return;
    }
    var text = describe(hours, zone);
    var added = document.createElement("span");
    added.className = "offerings-local-hours";
    // Seen: the compact form. Heard: a sentence, without brackets and dash.
    var seen = document.createElement("span");
    seen.setAttribute("aria-hidden", "true");
    seen.textContent = text.shown;
    var heard = document.createElement("span");
    heard.className = "offerings-visually-hidden";
    heard.textContent = text.spoken;
    added.appendChild(seen);
    added.appendChild(heard);
    span.insertAdjacentElement("afterend", added);
    span.insertAdjacentText("afterend", " ");
  }

  function run() {
    if (typeof Intl === "undefined" || !Intl.DateTimeFormat) {
      return;
    }
    var zone = readerZone();
    var now = Date.now();
    var spans = document.querySelectorAll("span.offerings-hours[data-offerings-value]");
    for (var i = 0; i < spans.length; i += 1) {
      try {
        annotate(spans[i], zone, now);
      } catch (error) {
        // An unknown zone or an old browser: the published hours stand alone.
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();

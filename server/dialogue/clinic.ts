import type { ClinicContact, ClinicInfo } from '../contracts/chat';
import type { Clinic } from '../knowledge/schema';
import type { ClinicTopic } from './acts';

/** A reply built from the clinic profile; `cited` when it states something the profile says (cited as the clinic). */
export type ClinicAnswer = { text: string; cited: boolean };

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Day = (typeof DAYS)[number];
const SHORT: Record<string, Day> = { mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday', fri: 'friday', sat: 'saturday', sun: 'sunday' };
const HOLIDAY = /\b(public holidays?|bank holidays?|holidays?|christmas|xmas|boxing day|new year|easter|thanksgiving|july 4|4 ?th of july|fourth of july|independence day|memorial day|labou?r day)\b/;

/** The days a line of opening hours covers: "Monday to Thursday", "Saturday", "Sunday and public holidays". */
export function daysOf(label: string): { days: Day[]; holidays: boolean } {
  const l = label.toLowerCase();
  const named = DAYS.filter((d) => l.includes(d));
  const range = /(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*(?:to|-|–|until|through)\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)/.exec(l);
  const days = range ? DAYS.slice(DAYS.indexOf(range[1] as Day), DAYS.indexOf(range[2] as Day) + 1) : named;
  return { days: [...new Set(days)], holidays: /holiday/.test(l) };
}

/** The day a question names ("on fridays", "tuesday", "sat"), or the weekend. */
function dayAsked(text: string): Day[] {
  const out = new Set<Day>();
  for (const m of text.matchAll(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thur?s?|fri|sat|sun)s?\b/g)) {
    out.add((DAYS as readonly string[]).includes(m[1]) ? (m[1] as Day) : SHORT[m[1]]);
  }
  if (/\bweekends?\b/.test(text)) ['saturday', 'sunday'].forEach((d) => out.add(d as Day));
  return [...out];
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);
const isClosed = (hours: string) => /^closed\b/i.test(hours.trim());

/** "Monday to Thursday 8:00 am - 6:30 pm; Friday ...": every line of the opening hours. */
export function hoursSummary(clinic: Pick<Clinic, 'opening_hours'>): string {
  return clinic.opening_hours.map((h) => `${h.days}: ${isClosed(h.hours) ? 'closed' : h.hours}`).join('; ');
}

/** Services whose words the question shares ("flu jabs" -> the vaccinations line), best first. */
const SERVICE_WORDS: [RegExp, RegExp][] = [
  [/\b(jabs?|vaccin\w*|immuni[sz]\w*|injections?|flu shot|shots?)\b/, /vaccin|immuni[sz]/i],
  [/\b(blood tests?|bloods)\b/, /blood test/i],
  [/\b(dressings?|wounds?|stitches)\b/, /dressing/i],
  [/\b(diabetes|diabetic|asthma|asthmatic|blood pressure|hypertension|reviews?|reviewed|check ?ups?|yearly|annual)\b/, /review/i],
  [/\b(baby|babies|child|children|toddler|kids?|son|daughter|newborn)\b/, /child/i],
  [/\b(check ?ups?|checks?|health checks?)\b/, /check/i],
  [/\b(pregnan\w*|midwife|antenatal|expecting)\b/, /pregnan|midwife/i],
  [/\b(prescriptions?|medication reviews?|repeat)\b/, /prescription/i],
  [/\b(nurse|nurses)\b/, /nurse/i],
  [/\b(doctor|gp|appointment)\b/, /doctor/i],
];
function servicesFor(text: string, services: string[]): string[] {
  const scored = services.map((s) => ({ s, score: SERVICE_WORDS.filter(([asked, offered]) => asked.test(text) && offered.test(s)).length }));
  const best = Math.max(0, ...scored.map((x) => x.score));
  return best ? scored.filter((x) => x.score === best).map((x) => x.s) : [];
}

/**
 * What a question asks about, and the profile sentences that answer it: "how long does it take?" wants the sentence
 * with the days, "can I park?" the one about parking. A sentence answers when it shares a kind of fact with the
 * question.
 */
const CUES: [RegExp, RegExp][] = [
  [/\b(how long|how many days|when will|when is|when can|ready|take)\b/, /\b(days?|hours?|weeks?|ready)\b/i],
  [/\b(same day|today|urgent|urgently|now|this morning|this afternoon|quickly|soon|asap)\b/, /\b(same-day|same day|urgent|today)\b/i],
  [/\b(how (do|can|should|would) (i|we|you)|where (do|can|should) (i|we)|book|booked|order|arrange)\b/, /\b(call|calling|phone|front desk|book|ask)\b/i],
  [/\b(park|parking|car|drive)\b/, /\bpark/i],
  [/\b(wheelchair|step|steps|disabled|access|get in|get into|ramp|pram|buggy|mobility)\b/, /\b(step-free|step free|access)\b/i],
  [/\b(walk in|turn up|drop in|just come|without an appointment|need an appointment)\b/, /\b(book|booked|appointments?)\b/i],
];
export function relevantLines(lines: string[], text: string): string[] {
  const scored = lines.map((line) => ({ line, score: CUES.filter(([asked, says]) => asked.test(text) && says.test(line)).length }));
  const best = Math.max(0, ...scored.map((x) => x.score));
  return best ? scored.filter((x) => x.score === best).map((x) => x.line) : lines;
}

/** A profile sentence already given in the previous reply is referred back to, not repeated word for word. */
function notRepeated(lines: string[], previousReply: string): string[] {
  const said = (l: string) => previousReply.toLowerCase().includes(l.replace(/\.$/, '').toLowerCase());
  const fresh = lines.filter((l) => !said(l));
  if (fresh.length) return fresh;
  return [`As I mentioned, ${lines.map((l) => lower(l).replace(/\.$/, '')).join('; ')}.`];
}

/**
 * The answer to a clinic question, from the clinic profile only: the sentences about what was asked (the line for
 * the day asked, the booking rule, the out-of-hours line...), cited as [1] (the clinic). A sentence the previous
 * reply gave is referred back to rather than repeated. What the profile does not say is not invented: the person is
 * given the phone number to ask.
 */
export function clinicAnswer(topic: ClinicTopic, text: string, clinic: Clinic, emergencyNumber: string, previousReply = ''): ClinicAnswer {
  const name = clinic.name;
  const ooh = clinic.out_of_hours.phone ? `When we are closed, call the out-of-hours line on ${clinic.out_of_hours.phone}.` : sentence(clinic.out_of_hours.text);
  const holiday = HOLIDAY.test(text);
  const cite = (lines: string[], extra = '') => {
    const said = notRepeated(lines.map(sentence), previousReply);
    return { text: `${said.join(' ')} [1]${extra ? ` ${extra}` : ''}`, cited: true };
  };
  const withPhone = (lines: string[]) => (lines.some((l) => l.includes(clinic.phone)) ? '' : `You can call us on ${clinic.phone}.`);
  switch (topic) {
    case 'hours': {
      const days = dayAsked(text);
      const lines = clinic.opening_hours.filter((h) => {
        const d = daysOf(h.days);
        return (holiday && d.holidays) || days.some((x) => d.days.includes(x));
      });
      if (!lines.length) return cite([`${name} is open ${hoursSummary(clinic)}`], ooh);
      const said = lines.map((h) => (isClosed(h.hours) ? `We are closed on ${lower(h.days)}` : `On ${h.days} we are open ${h.hours}`));
      return cite(said, lines.some((h) => isClosed(h.hours)) ? ooh : '');
    }
    case 'booking': {
      const lines = relevantLines(clinic.booking, text);
      const day = clinic.opening_hours.find((h) => dayAsked(text).some((d) => daysOf(h.days).days.includes(d)));
      const all = day ? [...lines, `On ${day.days} we are open ${day.hours}`] : lines;
      return cite(all, withPhone(all));
    }
    case 'phone':
      return cite([`You can call ${name} on ${clinic.phone}`], ooh);
    case 'address': {
      if (!clinic.address) return { text: `Please call ${name} on ${clinic.phone} for directions.`, cited: false };
      const access = clinic.access && /\b(park|parking|wheelchair|step)/.test(text) ? relevantLines(clinic.access, text) : [];
      return cite([`${name} is at ${clinic.address}`, ...access]);
    }
    case 'access':
      return clinic.access ? cite(relevantLines(clinic.access, text)) : { text: `Please call ${name} on ${clinic.phone} to ask about access and parking.`, cited: false };
    case 'out_of_hours':
      return cite([clinic.out_of_hours.text, ...(clinic.out_of_hours.phone ? [`The out-of-hours line is ${clinic.out_of_hours.phone}`] : [])], `In an emergency, call ${emergencyNumber}.`);
    case 'emergency':
      return cite([`In an emergency, call ${emergencyNumber} now`], `For thoughts of suicide or a mental health crisis, ${lower(clinic.crisis_line.text)} ${ooh}`);
    case 'prescriptions': {
      if (!clinic.repeat_prescriptions) return { text: `Please call ${name} on ${clinic.phone} to ask about prescriptions.`, cited: false };
      // A first question about prescriptions gets the whole routine; a follow-up, the part it asks about.
      const lines = /\b(how long|ready|take|days?|when)\b/.test(text) ? relevantLines(clinic.repeat_prescriptions, text) : clinic.repeat_prescriptions;
      return cite(lines, withPhone(lines));
    }
    case 'services': {
      const found = servicesFor(text, clinic.services);
      if (!found.length) return unknown(clinic);
      return cite([`Yes, we offer ${found.map((s) => lower(s.replace(/:\s*/, ' (') + (s.includes(':') ? ')' : ''))).join('; ')}`], `To book, call ${clinic.phone} or ask at the front desk.`);
    }
    default: {
      if (HOLIDAY.test(text)) return clinicAnswer('hours', text, clinic, emergencyNumber, previousReply);
      return unknown(clinic);
    }
  }
}

/** What the clinic profile does not say is not guessed. */
function unknown(clinic: Clinic): ClinicAnswer {
  return { text: `I don't have that information about ${clinic.name}. Please call the clinic on ${clinic.phone} and the team will tell you.`, cited: false };
}

/** How to reach a person, from the profile. */
export function clinicContact(clinic: Clinic): ClinicContact {
  return { name: clinic.name, phone: clinic.phone, hours: clinic.opening_hours, outOfHours: clinic.out_of_hours };
}

/** The clinic profile as the widget and the demo page show it. */
export function clinicInfo(clinic: Clinic, emergencyNumber: string): ClinicInfo {
  return {
    ...clinicContact(clinic),
    ...(clinic.address ? { address: clinic.address } : {}),
    locale: clinic.locale,
    booking: clinic.booking,
    services: clinic.services,
    ...(clinic.repeat_prescriptions ? { repeatPrescriptions: clinic.repeat_prescriptions } : {}),
    ...(clinic.access ? { access: clinic.access } : {}),
    emergencyNumber,
    crisisLine: clinic.crisis_line,
  };
}

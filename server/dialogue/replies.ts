import type { Clinic } from '../knowledge/schema';
import type { ActResult } from './acts';
import { hoursSummary } from './clinic';

/**
 * The replies to turns that are not about health: short, kind, and with no urgency badge. Each says what the
 * assistant can do next, and none is a health answer (no citations, nothing from the library).
 */
export function socialReply(turn: ActResult, clinic: Clinic, options: { returning: boolean }): string {
  switch (turn.act) {
    case 'greeting':
      return options.returning
        ? 'Hello again. What would you like to ask?'
        : `Hello, I'm the health assistant for ${clinic.name}. Tell me what is bothering you, ask a health question, or ask about the clinic, such as our opening hours or how to get an appointment.`;
    case 'thanks':
      return turn.goodbye
        ? 'You are welcome. Take care, and come back any time if something changes or you have another question.'
        : 'You are welcome. If anything changes or you have another question, just ask.';
    case 'small_talk':
      return turn.identity
        ? `I'm an automated health assistant for ${clinic.name}, not a doctor or nurse. I share information from the clinic's reviewed library and say how soon to get care. To talk to a person, call ${clinic.phone}.`
        : `I'm the clinic's health assistant, so I can't help with that. If something is worrying you, about your health or how you are feeling, tell me and I will help where I can, or ask about ${clinic.name}.`;
    default:
      return '';
  }
}

/** The reply to a request for a person: who to call and when, and that the request was passed on. */
export function personReply(clinic: Clinic, recorded: boolean): string {
  const ooh = clinic.out_of_hours.phone ? ` When we are closed, call the out-of-hours line on ${clinic.out_of_hours.phone}.` : '';
  const passed = recorded ? ' I have also let the clinic team know that you asked to talk to someone.' : '';
  return `To talk to a person at ${clinic.name}, call ${clinic.phone} (${hoursSummary(clinic)}).${ooh}${passed}`;
}

/** Thoughts of suicide or self-harm: the crisis line as well as the emergency number. */
export function crisisLine(clinic: Clinic, emergencyNumber: string): string {
  return `${clinic.crisis_line.text.replace(/\.$/, '')} (${clinic.crisis_line.name}). If you are in danger now, call ${emergencyNumber}.`;
}

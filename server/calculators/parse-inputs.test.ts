import { describe, expect, it } from 'vitest';
import { type CalculatorId, parseInputs } from './index';

type Case = [CalculatorId, string, Record<string, unknown>];

const check = (id: CalculatorId, text: string, expected: Record<string, unknown>) => {
  const got = parseInputs(id, text);
  for (const [k, v] of Object.entries(expected)) expect(got[k], `${k} from "${text}"`).toEqual(v);
};

describe('parseInputs reads vital signs in nurse shorthand', () => {
  it.each<Case>([
    ['news2', 'RR 24', { respiratory_rate: 24 }],
    ['news2', 'resp rate 24', { respiratory_rate: 24 }],
    ['news2', 'respiratory rate of 24/min', { respiratory_rate: 24 }],
    ['news2', 'breathing 24 breaths per minute', { respiratory_rate: 24 }],
    ['news2', 'sats 91% on air', { spo2: 91, on_oxygen: false }],
    ['news2', 'SpO2 91 RA', { spo2: 91, on_oxygen: false }],
    ['news2', 'SpO2 95% on 2L O2', { spo2: 95, on_oxygen: true }],
    ['news2', 'on 2L O2', { on_oxygen: true }],
    ['news2', 'sats 94% on 28% venturi', { spo2: 94, on_oxygen: true }],
    ['news2', 'not on oxygen, sats 97%', { spo2: 97, on_oxygen: false }],
    ['news2', 'sats 88% on air, now 94% on 2L', { spo2: 94, on_oxygen: true }],
    ['news2', 'COPD, hypercapnic, target sats 88-92%', { spo2_scale: '2' }],
    ['news2', 'BP 95/60', { systolic_bp: 95 }],
    ['news2', 'SBP 95', { systolic_bp: 95 }],
    ['news2', 'bp 142/88 hr 70', { systolic_bp: 142, heart_rate: 70 }],
    ['news2', 'HR 112', { heart_rate: 112 }],
    ['news2', 'pulse 112', { heart_rate: 112 }],
    ['news2', 'heart rate 112 bpm', { heart_rate: 112 }],
    ['news2', 'T 38.4', { temperature: 38.4 }],
    ['news2', 'temp 102F', { temperature: 38.9 }],
    ['news2', 'temperature 39.1°C', { temperature: 39.1 }],
    ['news2', 'new confusion', { consciousness: 'new_confusion' }],
    ['news2', 'alert', { consciousness: 'alert' }],
    ['news2', 'responds to voice only', { consciousness: 'voice' }],
    ['news2', 'P on ACVPU', { consciousness: 'pain' }],
    ['news2', 'unresponsive', { consciousness: 'unresponsive' }],
    ['news2', 'RR 28 at 10:00, repeat RR 22', { respiratory_rate: 22 }],
  ])('%s: "%s"', check);

  it('a full set of observations', () => {
    expect(parseInputs('news2', 'RR 24, sats 91% on air, BP 95/60, HR 112, T 38.4, new confusion')).toEqual({
      respiratory_rate: 24, spo2: 91, on_oxygen: false, systolic_bp: 95, heart_rate: 112, consciousness: 'new_confusion', temperature: 38.4,
    });
  });

  it('leaves out what the text does not give', () => {
    expect(parseInputs('news2', 'RR 24')).toEqual({ respiratory_rate: 24 });
    expect(parseInputs('news2', 'patient feels unwell')).toEqual({});
  });

  it('does not read a pain score, a GCS or a date as a blood pressure', () => {
    expect(parseInputs('news2', 'pain 8/10, GCS 14/15, seen 12/05')).not.toHaveProperty('systolic_bp');
  });
});

describe('parseInputs reads consciousness, age and bloods', () => {
  it.each<Case>([
    ['curb65', 'RR 24, SBP 95, confused, urea 8', { respiratory_rate: 24, systolic_bp: 95, confusion: true, urea: 8 }],
    ['curb65', 'urea 8.2', { urea: 8.2 }],
    ['curb65', 'BUN 25 mg/dL', { urea: 8.9 }],
    ['curb65', 'age 72', { age: 72 }],
    ['curb65', '72yo', { age: 72 }],
    ['curb65', '72 year old man', { age: 72 }],
    ['curb65', '72M with cough', { age: 72 }],
    ['curb65', 'aged 81', { age: 81 }],
    ['curb65', '45 yo, smoker for 20 yrs', { age: 45 }],
    ['curb65', 'AMT 6/10', { confusion: true }],
    ['curb65', 'AMT 10', { confusion: false }],
    ['curb65', 'alert and orientated', { confusion: false }],
    ['curb65', 'not confused', { confusion: false }],
    ['curb65', 'disorientated to time and place', { confusion: true }],
    ['curb65', 'known dementia, confused at baseline', { confusion: false }],
    ['curb65', 'BP 100/58', { systolic_bp: 100, diastolic_bp: 58 }],
    ['qsofa', 'GCS 14', { altered_mentation: true }],
    ['qsofa', 'GCS 15', { altered_mentation: false }],
    ['qsofa', 'drowsy', { altered_mentation: true }],
    ['qsofa', 'new confusion', { altered_mentation: true }],
    ['gcs', 'GCS E3 V4 M6', { eye: '3', verbal: '4', motor: '6' }],
    ['gcs', 'E3V4M6', { eye: '3', verbal: '4', motor: '6' }],
    ['gcs', 'GCS 14/15', { total: 14 }],
    ['gcs', 'E2 VT M4', { eye: '2', verbal: 'NT', motor: '4' }],
    ['gcs', 'eyes 3, verbal 4, motor 5', { eye: '3', verbal: '4', motor: '5' }],
    ['gcs', 'GCS E3 M5, verbal not testable', { eye: '3', motor: '5' }],
    ['gcs', 'GCS: E4, V5, M6', { eye: '4', verbal: '5', motor: '6' }],
    ['fever_traffic_light', '18 month old', { age_months: 18 }],
    ['fever_traffic_light', '18 months, fever for 3 days', { age_months: 18, fever_days: 3 }],
    ['fever_traffic_light', '6 week old baby', { age_months: 1.4 }],
    ['fever_traffic_light', '2yo', { age_months: 24 }],
    ['fever_traffic_light', '9/12 old', { age_months: 9 }],
  ])('%s: "%s"', check);
});

describe('parseInputs reads sore throat findings, with negation', () => {
  it.each<Case>([
    ['centor', 'tonsillar exudate', { tonsillar_exudate: true }],
    ['centor', 'no exudate', { tonsillar_exudate: false }],
    ['centor', 'no cough', { cough_absent: true }],
    ['centor', 'dry cough', { cough_absent: false }],
    ['centor', 'tender anterior cervical nodes', { tender_anterior_nodes: true }],
    ['centor', 'non-tender nodes', { tender_anterior_nodes: false }],
    ['centor', 'history of fever', { fever_history: true }],
    ['centor', 'T 38.6', { fever_history: true }],
    ['centor', 'denies fever', { fever_history: false }],
    ['centor', 'no cough, tonsillar exudate', { cough_absent: true, tonsillar_exudate: true }],
    ['centor', 'no fever and tender nodes', { fever_history: false, tender_anterior_nodes: true }],
    ['centor', 'no cough, fever or exudate', { cough_absent: true, fever_history: false, tonsillar_exudate: false }],
    ['centor', 'cough: none', { cough_absent: true }],
    ['centor', 'absence of cough', { cough_absent: true }],
    ['centor', 'T 38.5, fever 10 days', { fever_history: true }],
    ['centor', 'Centor: exudate, nodes tender? unsure', { tonsillar_exudate: true }],
    ['mcisaac', '10 year old, T 38.5, swollen tonsils', { age: 10, temperature_over_38: true, tonsillar_swelling_or_exudate: true }],
    ['mcisaac', 'afebrile', { temperature_over_38: false }],
    ['mcisaac', 'T 37.8', { temperature_over_38: false }],
    ['feverpain', 'fever, pus on tonsils, for 2 days', { fever_24h: true, purulence: true, attend_rapidly: true }],
    ['feverpain', 'sore throat x 5 days', { attend_rapidly: false }],
    ['feverpain', 'symptoms 3/7', { attend_rapidly: true }],
    ['feverpain', 'severely inflamed tonsils', { inflamed_tonsils: true }],
    ['feverpain', 'attended within 3 days of onset', { attend_rapidly: true }],
    ['feverpain', 'no cough or coryza', { no_cough_or_coryza: true }],
    ['feverpain', 'no cough, runny nose', { no_cough_or_coryza: false }],
  ])('%s: "%s"', check);

  it('FeverPAIN in the question is not read as a fever', () => {
    expect(parseInputs('feverpain', 'FeverPAIN score please')).toEqual({});
    expect(parseInputs('feverpain', 'fever pain score: no cough or coryza')).toEqual({ no_cough_or_coryza: true });
  });

  it('"inflamed tonsils" without a severity is not taken as severely inflamed', () => {
    expect(parseInputs('feverpain', 'inflamed tonsils')).not.toHaveProperty('inflamed_tonsils');
  });

  it('"no cough" alone does not settle "no cough or coryza"', () => {
    expect(parseInputs('feverpain', 'no cough')).not.toHaveProperty('no_cough_or_coryza');
  });
});

describe('parseInputs reads VTE findings', () => {
  it.each<Case>([
    ['wells_dvt', 'calf swelling 4cm', { calf_swelling_3cm: true }],
    ['wells_dvt', 'calf circumference 2 cm bigger', { calf_swelling_3cm: false }],
    ['wells_dvt', 'previous DVT', { previous_dvt: true }],
    ['wells_dvt', 'no previous DVT', { previous_dvt: false }],
    ['wells_dvt', 'hx DVT', { previous_dvt: true }],
    ['wells_dvt', 'active cancer on chemo', { active_cancer: true }],
    ['wells_dvt', 'history of breast cancer in remission', {}],
    ['wells_dvt', 'hip replacement 3 weeks ago', { bedridden_or_surgery: true }],
    ['wells_dvt', 'bedbound for 5 days', { bedridden_or_surgery: true }],
    ['wells_dvt', 'no recent surgery', { bedridden_or_surgery: false }],
    ['wells_dvt', 'tender calf, pitting oedema', { deep_vein_tenderness: true, pitting_oedema: true }],
    ['wells_dvt', 'whole leg swollen', { entire_leg_swollen: true }],
    ['wells_dvt', 'leg in plaster', { paralysis_or_cast: true }],
    ['wells_dvt', 'cellulitis more likely', { alternative_diagnosis_likely: true }],
    ['wells_dvt', 'no alternative diagnosis', { alternative_diagnosis_likely: false }],
    ['wells_pe', 'HR > 100', { heart_rate_over_100: true }],
    ['wells_pe', 'HR 96', { heart_rate_over_100: false }],
    ['wells_pe', 'tachycardic', { heart_rate_over_100: true }],
    ['wells_pe', 'haemoptysis', { haemoptysis: true }],
    ['wells_pe', 'denies haemoptysis', { haemoptysis: false }],
    ['wells_pe', 'coughing up blood', { haemoptysis: true }],
    ['wells_pe', 'no signs of DVT', { dvt_signs: false }],
    ['wells_pe', 'swollen left calf, tender calf', { dvt_signs: true }],
    // Told as a nurse would on shift (nurse-questions-5).
    ['wells_pe', 'left calf swollen and tender', { dvt_signs: true }],
    ['wells_pe', 'PE top of my list', { pe_most_likely: true }],
    ['wells_pe', 'PE is my main worry', { pe_most_likely: true }],
    ['rosier', 'his left arm and leg are weak and face droops, speaking fine', { arm_weakness: true, leg_weakness: true, facial_weakness: true, speech_disturbance: false }],
    ['news2', 'only opens his eyes when i speak to him', { consciousness: 'voice' }],
    ['news2', 'opens her eyes to a sternal rub', { consciousness: 'pain' }],
    ['news2', 'wakes to her name', { consciousness: 'voice' }],
    ['wells_pe', 'PE most likely diagnosis', { pe_most_likely: true }],
    ['wells_pe', 'previous PE', { previous_vte: true }],
    ['wells_pe', 'TKR 2 weeks ago', { immobilisation_or_surgery: true }],
    ['perc', 'on OCP', { hormone_use: true }],
    ['perc', 'not on OCP or HRT', { hormone_use: false }],
    ['perc', '35yo, HR 88, sats 98% RA', { age_50_or_over: false, heart_rate_100_or_more: false, spo2_below_95: false }],
    ['perc', 'age 55, HR 100', { age_50_or_over: true, heart_rate_100_or_more: true }],
    ['perc', 'sats 93%', { spo2_below_95: true }],
    ['perc', 'fractured ankle 2 weeks ago', { recent_surgery_or_trauma: true }],
    ['perc', 'no leg swelling', { unilateral_leg_swelling: false }],
    // The ACVPU level as its capital letter alone, the last item of a list of observations.
    ['news2', 'bp 132/80 temp 37.2 A', { consciousness: 'alert' }],
    ['news2', 'hr 110, bp 100/60, temp 38.4, V', { consciousness: 'voice' }],
    ['news2', 'RR 26, sats 90%, P.', { consciousness: 'pain' }],
  ])('%s: "%s"', check);

  it.each(['a sats of 96 on air', 'had a fall, a bit unsteady', 'hep A', 'vitamin D, 40 U', 'BP 140/90, insulin 10 U'])('does not read a lone letter in %j as a level', (text) => {
    expect(parseInputs('news2', text).consciousness).toBeUndefined();
  });

  it('SpO2 of 98% is not known to be on room air until the text says so', () => {
    expect(parseInputs('perc', 'sats 98%')).not.toHaveProperty('spo2_below_95');
  });

  it('surgery 3 months ago is outside Wells DVT\'s 12 weeks and is not an age', () => {
    expect(parseInputs('wells_dvt', 'op 3/12 ago')).not.toHaveProperty('bedridden_or_surgery');
    expect(parseInputs('fever_traffic_light', 'op 3/12 ago')).not.toHaveProperty('age_months');
  });

  it('a fracture 10 years ago is not recent trauma', () => {
    expect(parseInputs('perc', 'fractured ankle 10 years ago')).not.toHaveProperty('recent_surgery_or_trauma');
  });
});

describe('parseInputs reads the traffic light features', () => {
  it.each<Case>([
    ['fever_traffic_light', 'CRT 2s', { capillary_refill_3s: false }],
    ['fever_traffic_light', 'cap refill 4 seconds', { capillary_refill_3s: true }],
    ['fever_traffic_light', 'prolonged capillary refill', { capillary_refill_3s: true }],
    ['fever_traffic_light', 'mottled', { colour: 'pale_mottled_ashen_blue' }],
    ['fever_traffic_light', 'mum says he looks pale', { colour: 'pallor_reported' }],
    ['fever_traffic_light', 'pink and well perfused', { colour: 'normal' }],
    ['fever_traffic_light', 'lethargic', { activity: 'reduced' }],
    ['fever_traffic_light', 'not smiling', { activity: 'reduced' }],
    ['fever_traffic_light', 'smiling and playful', { activity: 'normal' }],
    ['fever_traffic_light', "won't wake", { activity: 'none' }],
    ['fever_traffic_light', 'grunting, nasal flaring', { grunting: true, nasal_flaring: true }],
    ['fever_traffic_light', 'mild subcostal recession', { chest_indrawing: false }],
    ['fever_traffic_light', 'severe intercostal recession', { chest_indrawing: true }],
    ['fever_traffic_light', 'non-blanching rash', { non_blanching_rash: true }],
    ['fever_traffic_light', 'blanching rash', { non_blanching_rash: false }],
    ['fever_traffic_light', 'fewer wet nappies', { reduced_urine_output: true }],
    ['fever_traffic_light', 'poor feeding', { poor_feeding: true }],
    ['fever_traffic_light', 'no neck stiffness', { neck_stiffness: false }],
    ['fever_traffic_light', 'bulging fontanelle', { bulging_fontanelle: true }],
    ['fever_traffic_light', 'fever for 5 days', { fever_days: 5 }],
    ['fever_traffic_light', 'sats 94% on 1L', {}],
  ])('%s: "%s"', check);
});

describe('parseInputs reads readings said in words, as a nurse on the phone writes them', () => {
  it.each<Case>([
    ['crb65', "she's seventy, confused, breathing thirty a minute, BP ninety over fifty", { confusion: true, respiratory_rate: 30, systolic_bp: 90, diastolic_bp: 50, age: 70 }],
    ['news2', 'pulse a hundred and ten, sats ninety-two percent on air, temp thirty eight point five', { heart_rate: 110, spo2: 92, on_oxygen: false, temperature: 38.5 }],
    ['qsofa', 'resp rate twenty four, systolic ninety five, new confusion', { respiratory_rate: 24, systolic_bp: 95, altered_mentation: true }],
    ['curb65', 'he is 84, urea nine, RR 22', { age: 84, urea: 9, respiratory_rate: 22 }],
    ['crb65', 'the patient is 55, RR 18', { age: 55, respiratory_rate: 18 }],
  ])('%s: "%s"', check);

  it('leaves "one" and words that are not readings alone', () => {
    const got = parseInputs('wells_dvt', 'one leg swollen, no one else at home');
    expect(got.age).toBeUndefined();
    expect(parseInputs('news2', "she's 38.5 and breathing fine").respiratory_rate).toBeUndefined();
    expect(parseInputs('crb65', "she's 39 weeks pregnant").age).toBeUndefined();
  });
});

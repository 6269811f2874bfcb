/** The raw material of the demo clinic: fictional names and the clinical content clinics see daily. */

export const GIVEN_NAMES = {
  female: [
    'Maria',
    'Linda',
    'Aisha',
    'Keisha',
    'Emily',
    'Grace',
    'Mei',
    'Fatima',
    'Olivia',
    'Hannah',
    'Sofia',
    'Priya',
    'Rachel',
    'Tanya',
    'Nadia',
  ],
  male: [
    'James',
    'Robert',
    'Michael',
    'David',
    'Carlos',
    'Daniel',
    'Anthony',
    'Joshua',
    'Tyler',
    'Marcus',
    'Jamal',
    'Kevin',
    'Brandon',
    'Luis',
    'Eric',
  ],
} as const;

export const FAMILY_NAMES = [
  'Alvarez',
  'Brooks',
  'Chen',
  'Dawson',
  'Ellis',
  'Fernandez',
  'Garrett',
  'Hughes',
  'Ibrahim',
  'Jackson',
  'Kowalski',
  'Lopez',
  'Mitchell',
  'Nguyen',
  'Okafor',
  'Patel',
  'Quinn',
  'Ramirez',
  'Sullivan',
  'Thompson',
  'Underwood',
  'Vasquez',
  'Washington',
  'Young',
  'Zimmerman',
  'Baker',
] as const;

export interface MedicationTemplate {
  /** Youngest patient the demo prescribes it for: no statins for a four-year-old. */
  minAge: number;
  name: string;
  dosage: string;
  rxnorm: string;
  quantity: number;
}

export const MEDICATIONS: readonly MedicationTemplate[] = [
  {
    minAge: 18,
    name: 'Lisinopril 10 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily',
    rxnorm: '314076',
    quantity: 90,
  },
  {
    minAge: 18,
    name: 'Metformin 500 mg tablet',
    dosage: 'Take 1 tablet by mouth twice daily with meals',
    rxnorm: '861007',
    quantity: 180,
  },
  {
    minAge: 18,
    name: 'Atorvastatin 20 mg tablet',
    dosage: 'Take 1 tablet by mouth at bedtime',
    rxnorm: '617310',
    quantity: 90,
  },
  {
    minAge: 18,
    name: 'Amlodipine 5 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily',
    rxnorm: '197361',
    quantity: 90,
  },
  {
    minAge: 18,
    name: 'Sertraline 50 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily',
    rxnorm: '312940',
    quantity: 90,
  },
  {
    minAge: 18,
    name: 'Levothyroxine 50 mcg tablet',
    dosage: 'Take 1 tablet by mouth every morning before breakfast',
    rxnorm: '966222',
    quantity: 90,
  },
  {
    minAge: 2,
    name: 'Albuterol HFA 90 mcg inhaler',
    dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing',
    rxnorm: '745679',
    quantity: 2,
  },
  {
    minAge: 18,
    name: 'Omeprazole 20 mg capsule',
    dosage: 'Take 1 capsule by mouth once daily before breakfast',
    rxnorm: '198053',
    quantity: 90,
  },
  {
    minAge: 18,
    name: 'Hydrochlorothiazide 25 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily',
    rxnorm: '310798',
    quantity: 90,
  },
  {
    minAge: 2,
    name: 'Cetirizine 10 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily as needed',
    rxnorm: '1014676',
    quantity: 90,
  },
];

export interface LabTemplate {
  name: string;
  loinc: string;
  observations: readonly { name: string; loinc: string; unit: string; low: number; high: number; decimals: number }[];
}

export const LAB_PANELS: readonly LabTemplate[] = [
  {
    name: 'Basic metabolic panel',
    loinc: '51990-0',
    observations: [
      { name: 'Sodium', loinc: '2951-2', unit: 'mmol/L', low: 136, high: 145, decimals: 0 },
      { name: 'Potassium', loinc: '2823-3', unit: 'mmol/L', low: 3.5, high: 5.1, decimals: 1 },
      { name: 'Creatinine', loinc: '2160-0', unit: 'mg/dL', low: 0.6, high: 1.3, decimals: 2 },
      { name: 'Glucose', loinc: '2345-7', unit: 'mg/dL', low: 70, high: 99, decimals: 0 },
    ],
  },
  {
    name: 'Hemoglobin A1c',
    loinc: '4548-4',
    observations: [{ name: 'Hemoglobin A1c', loinc: '4548-4', unit: '%', low: 4.0, high: 5.6, decimals: 1 }],
  },
  {
    name: 'Lipid panel',
    loinc: '57698-3',
    observations: [
      { name: 'Total cholesterol', loinc: '2093-3', unit: 'mg/dL', low: 125, high: 199, decimals: 0 },
      { name: 'LDL cholesterol', loinc: '13457-7', unit: 'mg/dL', low: 40, high: 99, decimals: 0 },
      { name: 'HDL cholesterol', loinc: '2085-9', unit: 'mg/dL', low: 40, high: 90, decimals: 0 },
    ],
  },
  {
    name: 'TSH',
    loinc: '3016-3',
    observations: [{ name: 'TSH', loinc: '3016-3', unit: 'mIU/L', low: 0.4, high: 4.0, decimals: 2 }],
  },
];

export interface MessageTemplate {
  subject: string;
  body: string;
  pool: 'nursing' | 'referrals' | 'front-desk' | 'pharmacy' | 'records';
  workType: 'respond-to-message' | 'referral-status' | 'appointment-request';
  priority?: 'urgent' | 'stat';
}

export const MESSAGES: readonly MessageTemplate[] = [
  {
    subject: 'Question about my blood pressure readings',
    body: 'My home readings have been around 150/95 the past week even though I take my medication every morning. Should I be worried or change anything before my next appointment?',
    pool: 'nursing',
    workType: 'respond-to-message',
  },
  {
    subject: 'Side effects from new medication',
    body: 'I started the sertraline the doctor prescribed last week and I have had an upset stomach and trouble sleeping. Is this normal and will it go away?',
    pool: 'nursing',
    workType: 'respond-to-message',
  },
  {
    subject: 'Child has had a fever for two days',
    body: 'My son (age 6) has had a fever of 101 on and off for two days. He is drinking fluids and playing some. Does he need to be seen?',
    pool: 'nursing',
    workType: 'respond-to-message',
    priority: 'urgent',
  },
  {
    subject: 'Need a work note',
    body: 'I was out sick Monday and Tuesday with the flu. My command needs a note from the clinic. Can you send one through the portal?',
    pool: 'nursing',
    workType: 'respond-to-message',
  },
  {
    subject: 'Rash after starting antibiotic',
    body: 'I got a red itchy rash on my arms yesterday, two days after starting amoxicillin. No trouble breathing. What should I do?',
    pool: 'nursing',
    workType: 'respond-to-message',
    priority: 'urgent',
  },
  {
    subject: 'Chest pain since this morning',
    body: 'I have had chest pain and pressure since this morning that goes into my left arm. I did not want to bother anyone, can I come in tomorrow?',
    pool: 'nursing',
    workType: 'respond-to-message',
    priority: 'stat',
  },
  {
    subject: 'Status of my orthopedic referral',
    body: 'I was told three weeks ago I was being referred to orthopedics for my knee. I have not heard anything. Can you tell me where it stands?',
    pool: 'referrals',
    workType: 'referral-status',
  },
  {
    subject: 'Referral to dermatology',
    body: 'Did my dermatology referral get approved? I have not received a letter from TRICARE yet.',
    pool: 'referrals',
    workType: 'referral-status',
  },
  {
    subject: 'Need to reschedule my physical',
    body: 'I have a PHA scheduled for Thursday at 0900 but I have field duty that week. Can I move it to the following week?',
    pool: 'front-desk',
    workType: 'appointment-request',
  },
  {
    subject: 'Appointment for my daughter',
    body: 'My daughter needs a school sports physical before the 15th. What is the earliest available appointment?',
    pool: 'front-desk',
    workType: 'appointment-request',
  },
  {
    subject: 'Copy of immunization record',
    body: 'I need a copy of my immunization record for a PCS move overseas. How do I get it?',
    pool: 'records',
    workType: 'respond-to-message',
  },
  {
    subject: 'Question about my refill',
    body: 'My mail-order refill of atorvastatin has not arrived and I only have three pills left. What should I do?',
    pool: 'pharmacy',
    workType: 'respond-to-message',
  },
];

export const STAFF_REPLIES = [
  'Thank you for your message. I have passed this to your PCM and we will follow up within one business day.',
  'Thanks for reaching out. Please keep a log of your readings and bring it to your next visit; call the clinic if you have headache or vision changes.',
  'We received your request and are looking into it now.',
] as const;

/**
 * Lab panels and imaging studies the demo clinic orders, with reference ranges and the critical
 * limits a lab phones through. LOINC codes are the common ones for each test.
 */
export interface Analyte {
  name: string;
  loinc: string;
  unit: string;
  /** UCUM code when it differs from the unit as printed. */
  ucum?: string;
  low?: number;
  high?: number;
  /** Beyond these the lab calls the clinic: interpretation LL / HH. */
  criticalLow?: number;
  criticalHigh?: number;
  decimals: number;
  /** The direction this analyte usually goes wrong in a primary care panel. */
  abnormal: 'high' | 'low' | 'either';
  /** Sex-specific ranges (hemoglobin). */
  female?: { low: number; high: number };
}

export interface LabPanel {
  key: string;
  name: string;
  loinc: string;
  analytes: readonly Analyte[];
  /** Condition keys that make this panel likely; `any` panels are routine screening. */
  forConditions: readonly string[];
  minAge: number;
  sex?: 'female' | 'male';
}

export const LAB_PANELS: readonly LabPanel[] = [
  {
    key: 'bmp',
    name: 'Basic metabolic panel',
    loinc: '51990-0',
    forConditions: ['hypertension', 'type-2-diabetes', 'any'],
    minAge: 12,
    analytes: [
      {
        name: 'Sodium',
        loinc: '2951-2',
        unit: 'mmol/L',
        low: 136,
        high: 145,
        criticalLow: 120,
        criticalHigh: 160,
        decimals: 0,
        abnormal: 'low',
      },
      {
        name: 'Potassium',
        loinc: '2823-3',
        unit: 'mmol/L',
        low: 3.5,
        high: 5.1,
        criticalLow: 2.8,
        criticalHigh: 6.2,
        decimals: 1,
        abnormal: 'either',
      },
      { name: 'Chloride', loinc: '2075-0', unit: 'mmol/L', low: 98, high: 107, decimals: 0, abnormal: 'either' },
      { name: 'Carbon dioxide', loinc: '2028-9', unit: 'mmol/L', low: 22, high: 29, decimals: 0, abnormal: 'low' },
      { name: 'Urea nitrogen', loinc: '3094-0', unit: 'mg/dL', low: 7, high: 20, decimals: 0, abnormal: 'high' },
      { name: 'Creatinine', loinc: '2160-0', unit: 'mg/dL', low: 0.6, high: 1.3, decimals: 2, abnormal: 'high' },
      {
        name: 'Glucose',
        loinc: '2345-7',
        unit: 'mg/dL',
        low: 70,
        high: 99,
        criticalLow: 50,
        criticalHigh: 400,
        decimals: 0,
        abnormal: 'high',
      },
      {
        name: 'Calcium',
        loinc: '17861-6',
        unit: 'mg/dL',
        low: 8.6,
        high: 10.3,
        criticalLow: 6.5,
        criticalHigh: 13,
        decimals: 1,
        abnormal: 'either',
      },
    ],
  },
  {
    key: 'cbc',
    name: 'Complete blood count',
    loinc: '58410-2',
    forConditions: ['any', 'atrial-fibrillation'],
    minAge: 0,
    analytes: [
      {
        name: 'WBC',
        loinc: '6690-2',
        unit: '10*3/uL',
        low: 4.0,
        high: 11.0,
        criticalLow: 2.0,
        criticalHigh: 30,
        decimals: 1,
        abnormal: 'either',
      },
      {
        name: 'Hemoglobin',
        loinc: '718-7',
        unit: 'g/dL',
        low: 13.5,
        high: 17.5,
        female: { low: 12.0, high: 15.5 },
        criticalLow: 7.0,
        criticalHigh: 20,
        decimals: 1,
        abnormal: 'low',
      },
      {
        name: 'Hematocrit',
        loinc: '4544-3',
        unit: '%',
        low: 38.5,
        high: 50,
        female: { low: 35.5, high: 44.9 },
        decimals: 1,
        abnormal: 'low',
      },
      {
        name: 'Platelets',
        loinc: '777-3',
        unit: '10*3/uL',
        low: 150,
        high: 400,
        criticalLow: 50,
        criticalHigh: 1000,
        decimals: 0,
        abnormal: 'either',
      },
    ],
  },
  {
    key: 'a1c',
    name: 'Hemoglobin A1c',
    loinc: '4548-4',
    forConditions: ['type-2-diabetes', 'prediabetes', 'obesity'],
    minAge: 18,
    analytes: [
      { name: 'Hemoglobin A1c', loinc: '4548-4', unit: '%', low: 4.0, high: 5.6, decimals: 1, abnormal: 'high' },
    ],
  },
  {
    key: 'lipids',
    name: 'Lipid panel',
    loinc: '24331-1',
    forConditions: ['hyperlipidemia', 'type-2-diabetes', 'hypertension', 'any'],
    minAge: 20,
    analytes: [
      { name: 'Total cholesterol', loinc: '2093-3', unit: 'mg/dL', high: 199, decimals: 0, abnormal: 'high' },
      {
        name: 'Triglycerides',
        loinc: '2571-8',
        unit: 'mg/dL',
        high: 149,
        criticalHigh: 1000,
        decimals: 0,
        abnormal: 'high',
      },
      { name: 'HDL cholesterol', loinc: '2085-9', unit: 'mg/dL', low: 40, decimals: 0, abnormal: 'low' },
      {
        name: 'LDL cholesterol (calculated)',
        loinc: '13457-7',
        unit: 'mg/dL',
        high: 99,
        decimals: 0,
        abnormal: 'high',
      },
    ],
  },
  {
    key: 'tsh',
    name: 'TSH',
    loinc: '3016-3',
    forConditions: ['hypothyroidism', 'any'],
    minAge: 12,
    analytes: [
      {
        name: 'TSH',
        loinc: '3016-3',
        unit: 'mIU/L',
        ucum: 'm[IU]/L',
        low: 0.4,
        high: 4.0,
        decimals: 2,
        abnormal: 'either',
      },
    ],
  },
  {
    key: 'vitamin-d',
    name: 'Vitamin D, 25-hydroxy',
    loinc: '62292-8',
    forConditions: ['any'],
    minAge: 18,
    analytes: [
      {
        name: 'Vitamin D, 25-hydroxy',
        loinc: '62292-8',
        unit: 'ng/mL',
        low: 30,
        high: 100,
        decimals: 0,
        abnormal: 'low',
      },
    ],
  },
  {
    key: 'psa',
    name: 'PSA',
    loinc: '2857-1',
    forConditions: ['bph', 'any'],
    minAge: 50,
    sex: 'male',
    analytes: [{ name: 'PSA', loinc: '2857-1', unit: 'ng/mL', high: 4.0, decimals: 2, abnormal: 'high' }],
  },
  {
    key: 'inr',
    name: 'Prothrombin time with INR',
    loinc: '6301-6',
    forConditions: ['atrial-fibrillation'],
    minAge: 50,
    analytes: [
      {
        name: 'INR',
        loinc: '6301-6',
        unit: '{INR}',
        low: 0.8,
        high: 1.2,
        criticalHigh: 5,
        decimals: 1,
        abnormal: 'high',
      },
    ],
  },
];

export interface ImagingStudy {
  key: string;
  name: string;
  loinc?: string;
  minAge: number;
  /** What a patient calls it. */
  plain: string;
  normal: readonly string[];
  abnormal: readonly string[];
}

export const IMAGING: readonly ImagingStudy[] = [
  {
    key: 'chest-xr',
    name: 'XR Chest 2 Views',
    loinc: '36643-5',
    minAge: 2,
    plain: 'chest X-ray',
    normal: [
      'No acute cardiopulmonary process.',
      'Lungs are clear. Heart size is normal. No pleural effusion or pneumothorax.',
      'Mild bibasilar atelectasis. No focal consolidation.',
    ],
    abnormal: [
      'Right lower lobe opacity, which may represent pneumonia in the appropriate clinical setting. Follow-up radiographs after treatment are recommended.',
      'Left upper lobe nodule measuring 9 mm. Recommend comparison with prior imaging or chest CT.',
    ],
  },
  {
    key: 'knee-xr',
    name: 'XR Knee 3 Views',
    minAge: 8,
    plain: 'knee X-ray',
    normal: ['No acute fracture or dislocation. Joint spaces are preserved.'],
    abnormal: [
      'Moderate medial compartment joint space narrowing with osteophytes, consistent with osteoarthritis. Small joint effusion.',
    ],
  },
  {
    key: 'lumbar-xr',
    name: 'XR Lumbar Spine 2-3 Views',
    minAge: 18,
    plain: 'back X-ray',
    normal: ['Normal alignment. No acute osseous abnormality.'],
    abnormal: ['Mild degenerative disc disease at L4-L5 and L5-S1. No fracture or spondylolisthesis.'],
  },
  {
    key: 'ankle-xr',
    name: 'XR Ankle 3 Views',
    minAge: 5,
    plain: 'ankle X-ray',
    normal: ['No fracture. Soft tissue swelling over the lateral malleolus.'],
    abnormal: ['Nondisplaced fracture of the distal fibula below the level of the syndesmosis.'],
  },
];

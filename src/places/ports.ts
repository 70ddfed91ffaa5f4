// Candidate places of disembarkation for the central Mediterranean desk.
// DEMO DATA. Names, UN/LOCODEs and positions (near each harbour's entrance, to about 0.01 degrees) are from
// public knowledge. Medical facilities and reception capacity are INVENTED for the demo and marked so: they
// say nothing about what any real port offers today. A real desk loads its own list, kept by the central
// authority with the RCC.
import { z } from 'zod';
import { Alpha2 } from '../../machines/schemas.ts';

export const MedicalFacilities = z.enum(['basic', 'hospital']);
export type MedicalFacilities = z.infer<typeof MedicalFacilities>;

export const Port = z.object({
  name: z.string().min(1),
  // left out where the code could not be confirmed: a wrong code would misroute a message
  locode: z
    .string()
    .regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'a UN/LOCODE of five characters, e.g. "MTMLA"')
    .optional(),
  country: Alpha2,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  medicalFacilities: MedicalFacilities,
  // persons the reception facilities can take at once
  receptionCapacity: z.number().int().nonnegative(),
  demo: z.boolean().optional(),
  // fields whose values were made up for a demo, shown with the port so nobody mistakes them for facts
  invented: z.array(z.enum(['medicalFacilities', 'receptionCapacity'])).optional(),
});
export type Port = z.infer<typeof Port>;

export const PortList = z.array(Port).superRefine((ports, ctx) => {
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    if (port.locode && port.locode.slice(0, 2) !== port.country) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'locode'],
        message: `a UN/LOCODE starts with the port's country (${port.country})`,
      });
    }
    const key = portKey(port);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate port ${key}` });
    seen.add(key);
  });
});

// The stable name of a port in rankings and proposals: its UN/LOCODE, else country and name.
export function portKey(port: Pick<Port, 'locode' | 'country' | 'name'>): string {
  return port.locode ?? `${port.country}:${port.name}`;
}

const demo = <T extends object>(port: T) =>
  ({ ...port, demo: true, invented: ['medicalFacilities', 'receptionCapacity'] }) as const;

// medicalFacilities and receptionCapacity below are invented (demo).
export const DEMO_PORTS: readonly Port[] = PortList.parse(
  [
    {
      name: 'Valletta',
      locode: 'MTMLA',
      country: 'MT',
      lat: 35.899,
      lon: 14.515,
      medicalFacilities: 'hospital',
      receptionCapacity: 450,
    },
    {
      name: 'Lampedusa',
      locode: 'ITLMP',
      country: 'IT',
      lat: 35.4995,
      lon: 12.605,
      medicalFacilities: 'basic',
      receptionCapacity: 400,
    },
    {
      name: 'Porto Empedocle',
      locode: 'ITPEM',
      country: 'IT',
      lat: 37.286,
      lon: 13.527,
      medicalFacilities: 'basic',
      receptionCapacity: 300,
    },
    {
      name: 'Pozzallo',
      locode: 'ITPZL',
      country: 'IT',
      lat: 36.718,
      lon: 14.838,
      medicalFacilities: 'basic',
      receptionCapacity: 250,
    },
    {
      name: 'Augusta',
      locode: 'ITAUG',
      country: 'IT',
      lat: 37.206,
      lon: 15.221,
      medicalFacilities: 'hospital',
      receptionCapacity: 300,
    },
    {
      name: 'Catania',
      locode: 'ITCTA',
      country: 'IT',
      lat: 37.497,
      lon: 15.095,
      medicalFacilities: 'hospital',
      receptionCapacity: 600,
    },
    {
      name: 'Tripoli',
      locode: 'LYTIP',
      country: 'LY',
      lat: 32.903,
      lon: 13.189,
      medicalFacilities: 'hospital',
      receptionCapacity: 800,
    },
    {
      name: 'Zuwara',
      country: 'LY',
      lat: 32.934,
      lon: 12.09,
      medicalFacilities: 'basic',
      receptionCapacity: 150,
    },
    {
      name: 'Tunis (La Goulette)',
      locode: 'TNLGN',
      country: 'TN',
      lat: 36.814,
      lon: 10.308,
      medicalFacilities: 'hospital',
      receptionCapacity: 400,
    },
    {
      name: 'Sfax',
      locode: 'TNSFA',
      country: 'TN',
      lat: 34.728,
      lon: 10.772,
      medicalFacilities: 'hospital',
      receptionCapacity: 500,
    },
    {
      name: 'Zarzis',
      country: 'TN',
      lat: 33.48,
      lon: 11.118,
      medicalFacilities: 'basic',
      receptionCapacity: 200,
    },
  ].map(demo),
);

import type { Database } from '../../server/src/db/database.js';
import { syncOfficialSchedules } from '../../server/src/modules/calendar/repo.js';
import { submitApplication } from '../../server/src/modules/cases/service.js';
import { makeCentre, makeDepartment, makeItem, makeUser, toActorOf } from '../../server/src/test/factories.js';

export type BenchWorld = Awaited<ReturnType<typeof makeBenchWorld>>;

/**
 * One centre, one department with a published item (5 working days, the test form), an applicant
 * per worker, a clerk and a reviewer: what the case flow needs, built with the test factories.
 */
export async function makeBenchWorld(db: Database, applicants = 1) {
  await syncOfficialSchedules(db);
  const centre = await makeCentre(db);
  const department = await makeDepartment(db, centre);
  const item = await makeItem(db, department.id);
  const clerk = await makeUser(db, 'clerk', { centreId: centre.id });
  const reviewer = await makeUser(db, 'reviewer', { centreId: centre.id, departmentId: department.id });
  const applicantUsers = [];
  for (let i = 0; i < applicants; i++) applicantUsers.push(await makeUser(db, 'applicant'));
  return {
    centre,
    department,
    item,
    clerk,
    reviewer,
    applicantUsers,
    clerkActor: toActorOf(clerk),
    reviewerActor: toActorOf(reviewer),
    applicantActors: applicantUsers.map(toActorOf),
    formData: { name: '梅河口市鑫达食品有限公司', phone: '13912345678', count: 1 },
  };
}

/** Submits `count` applications through the service, `concurrency` at a time; returns their ids. */
export async function submitMany(db: Database, world: BenchWorld, count: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < count) {
        next++;
        const { caseId } = await submitApplication({
          db,
          actor: world.applicantActors[w % world.applicantActors.length]!,
          itemId: world.item.id,
          formData: world.formData,
        });
        ids.push(caseId);
      }
    }),
  );
  return ids;
}

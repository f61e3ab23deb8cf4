import { expect } from 'chai';
import { putById } from '../../data/database.js';
import { createWorld, type World } from '../support/world.js';

describe('putById: the write that creates or replaces a document by its _id', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('lets many writers create the same new document at once: none fails, one version stays', async () => {
    const collection = world.database.db.collection<{ _id: string; writer: number }>('put_race');
    for (let round = 0; round < 5; round++) {
      const _id = `doc-${round}`;
      const writers = Array.from({ length: 12 }, (_, writer) => putById(collection, _id, { writer }));
      const outcomes = await Promise.allSettled(writers);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).to.deep.equal([]);
      const docs = await collection.find({ _id }).toArray();
      expect(docs).to.have.length(1);
      expect(docs[0]!.writer).to.be.within(0, 11);
    }
  });
});

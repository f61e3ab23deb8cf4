import { expect } from 'chai';
import { BoundedMap } from '../../data/bounded-map.js';

describe('bounded map (what a process remembers)', () => {
  it('keeps at most its bound, the oldest set leaving first', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect([...map.keys()]).to.deep.equal(['b', 'c']);
    // Setting a key again makes it the newest.
    map.set('b', 20).set('d', 4);
    expect([...map.entries()]).to.deep.equal([
      ['b', 20],
      ['d', 4],
    ]);
  });

  it('`use` makes an entry the newest, `get` leaves the order alone', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).to.equal(1);
    map.set('c', 3);
    expect(map.has('a')).to.equal(false);
    expect(map.use('b')).to.equal(2);
    map.set('d', 4);
    expect([...map.keys()]).to.deep.equal(['b', 'd']);
    expect(map.use('missing')).to.equal(undefined);
    expect(map.size).to.equal(2);
  });
});

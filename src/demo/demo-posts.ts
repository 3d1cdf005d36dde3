// Citizens' names for demo posts (the texts are in demo-corpus.ts).
const FIRST = ['Andi', 'Besse', 'Rahmat', 'Nurhayati', 'Syamsul', 'Hasnah', 'Ilham', 'Fitri', 'Muh. Yusuf', 'Sitti', 'Arfan', 'Wahyuni', 'Baso', 'Hj. Rosmini', 'Kurniawan', 'Daeng Nai', 'Asriani', 'Fadli', 'Ramlah', 'Irwan'];
const LAST = ['Amir', 'Baharuddin', 'Lestari', 'Saputra', 'Hamzah', 'Rahman', 'Syam', 'Kadir', 'Haris', 'Nurdin', 'Ishak', 'Pratiwi', ''];

export function randomAuthor(random: () => number = Math.random): { name: string; username: string } {
  const name = `${FIRST[Math.floor(random() * FIRST.length)]} ${LAST[Math.floor(random() * LAST.length)]}`.trim();
  const username = name.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '') + Math.floor(random() * 900 + 100);
  return { name, username };
}

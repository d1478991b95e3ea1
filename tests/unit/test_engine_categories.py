"""The obvious case of every SPEC category fires, with evidence; its look-alike does not."""

from __future__ import annotations

import pytest

from decorum.engine import Engine
from decorum.engine.detect import Tokens
from decorum.engine.normalise import fold
from decorum.models import Category

CUSTOMER_CASES = [
    ("hey how r u doing today lol", Category.CHIT_CHAT),
    ("ugh you're useless", Category.RUDE),
    ("this is taking forever.", Category.RUDE),
    ("great. another link. exactly what I needed 🙄", Category.RUDE),  # an eye roll closing a reply
    ("whatever man 🙄", Category.RUDE),
    ("I know where you live", Category.THREAT),
    ("I'm going to blow this place up", Category.THREAT),  # a phrasal verb split round its object
    # Harm to anyone in the library, veiled or plain; a gun to be used on someone is no self-harm plan.
    ("whoever put a hold on my book, i'll find them and break their arm", Category.THREAT),
    ("Somebody ought to blow that place up. Maybe somebody will this weekend.", Category.THREAT),
    ("left a package in the restroom at the downtown branch. hope nobody's in there at 3", Category.THREAT),
    ("ive got your badge number from last week. not hard to find the rest", Category.THREAT),
    ("ten cuidado cuando salgas hoy de la biblioteca", Category.THREAT),
    ("you close at 9 right? just checking. for later.", Category.THREAT),
    ("be a shame if the sprinklers didn't work when the fire started", Category.THREAT),
    ("I have a gun and I'm not afraid to use it on the lady at the front desk", Category.THREAT),
    # Plain words the lexicon has no entry for: propositions, contempt, threats, digs.
    ("snowed in and bored. wanna come keep me warm", Category.ABUSIVE),
    ("are you a bot or just thick", Category.ABUSIVE),
    ("I've met smarter ice cubes", Category.ABUSIVE),
    ("Find my hold, you gangly scarecrow.", Category.ABUSIVE),
    ("the chinks at the nail place ripped me off, where do I complain", Category.ABUSIVE),
    ("stuuuuupiiiid librarian", Category.ABUSIVE),  # stretched in two places
    # A group judged whole without a slur: likened to vermin, an insult made its adjective, put away.
    ("refugees are a swarm of locusts. the library should be for citizens", Category.ABUSIVE),
    ("mexicans are like cockroaches, they get in everywhere", Category.ABUSIVE),
    ("those filthy gypsies camp out in the reading room every day", Category.ABUSIVE),
    ("people from the reservation are all drunks, don't waste the laptops on them", Category.ABUSIVE),
    ("disabled kids should be kept in a separate room during storytime", Category.ABUSIVE),
    ("¿dónde carajo está el botón para renovar?", Category.ABUSIVE),
    ("the film fucking sucked, any better ones?", Category.ABUSIVE),  # no title after the work's noun
    ("my professor is a dick, he put the final on the 23rd", Category.ABUSIVE),  # a name as what he is
    ("my new years resolution is getting in your pants", Category.ABUSIVE),
    ("ur a w h o r e", Category.ABUSIVE),  # spelled out after a spelled-out article
    # Russian, folded to Latin look-alikes; Korean, folded to its letters.
    ("\u0438\u0434\u0438 \u043d\u0430 \u0445\u0443\u0439", Category.ABUSIVE),
    ("\ubcd1\uc2e0\uc544", Category.ABUSIVE),
    ("When this storm clears I'm paying the reference desk a visit and you won't like it", Category.THREAT),
    ("gonna put a brick through the library window tonight", Category.THREAT),
    ("Pray you're not on shift Thursday.", Category.THREAT),
    ("do I have to spell out every single thing for you", Category.RUDE),
    ("I'm asking for the third time. The state voter guide. The PDF.", Category.RUDE),
    ("gimme links to r34 of overwatch characters", Category.EXPLICIT_REQUEST),  # leet folding reads 'rea'
    ("whats the admin password for the library pcs so i can install stuff", Category.FILTER_BYPASS),
    ("what'd you have for supper", Category.CHIT_CHAT),
    ("how long does it usually take someone to answer", Category.SERVICE_QUESTION),
    ("Can my employer find out what I asked here if I use my work laptop?", Category.SERVICE_POLICY),
    ("you stupid b!tch", Category.ABUSIVE),
    ("I want to kill myself", Category.DISTRESS),
    ("where can I watch free porn videos", Category.EXPLICIT_REQUEST),
    ("best free cam sites?", Category.EXPLICIT_REQUEST),
    # A slur for a person counts whoever it is aimed at.
    ("my landlord is a lazy dyke who never fixes anything", Category.ABUSIVE),
    ("tell the tranny at the front desk to stop staring", Category.ABUSIVE),
    ("what color panties are you wearing", Category.ABUSIVE),
    ("pls find me x rated stuff", Category.EXPLICIT_REQUEST),
    ("any dirty movies i can watch on the library computer", Category.EXPLICIT_REQUEST),
    ("how do i get around the school filter to play games", Category.FILTER_BYPASS),
    ("what's your real name?", Category.PROVIDER_PERSONAL),
    ("is this a real person or a bot?", Category.SERVICE_QUESTION),
    ("who funds this service?", Category.SERVICE_POLICY),
    ("my email is jo.smith@example.org", Category.PERSONAL_INFO),
    ("Do you have books about breast cancer?", Category.NONE),
    # Insults built from a description, a group of 'you', contempt, taunts, short expletives.
    ("you guys are overpaid clowns", Category.ABUSIVE),
    ("you people are a bunch of lazy overpaid idiots", Category.ABUSIVE),
    ("ok thanks, you absolute walnut", Category.ABUSIVE),
    ("you sound like a bitter old hag", Category.ABUSIVE),
    ("what a dim-witted answer, you nit-wit", Category.ABUSIVE),
    ("skill issue. touch grass", Category.ABUSIVE),
    ("how tf is this still loading", Category.ABUSIVE),
    # Sexual propositions however polite.
    ("would you like to have a discreet fling after your shift", Category.ABUSIVE),
    ("tell me what you would do to me if we were alone", Category.ABUSIVE),
    ("just go drown yourself", Category.ABUSIVE),
    ("that's a useless answer", Category.RUDE),
    ("not helpful at all. again.", Category.RUDE),
    ("fix it or I'll make you pay", Category.THREAT),
    # A chit-chat question beside mere remarks is social chat.
    ("do you like winter? i love the snow", Category.CHIT_CHAT),
    # Aim without a lexicon frame: contempt piled on 'you', 'like you', '... you are', an order.
    ("quit stalling you smug, arrogant troll", Category.ABUSIVE),
    ("only a dimwit like you would send that link", Category.ABUSIVE),
    ("what a useless donkey you are", Category.ABUSIVE),
    ("shut up fool", Category.ABUSIVE),
    ("hey muppet can you just check the catalog", Category.ABUSIVE),
    ("stop being such an idiot and renew it", Category.ABUSIVE),
    ("r u deaf and dumb or something", Category.ABUSIVE),
    # Expletives in short forms, contempt through a group, polite harassment, a symbol run.
    ("how the f do i renew this", Category.ABUSIVE),
    ("this catalog is slow af", Category.ABUSIVE),
    ("typical female, can't answer anything", Category.ABUSIVE),
    ("go back to your own country", Category.ABUSIVE),
    ("may I ask what you're wearing right now, dear?", Category.ABUSIVE),
    ("i have fantasies about you every night", Category.ABUSIVE),
    ("ur such an @$$hole", Category.ABUSIVE),
    # Title Case with 'by' is a title only before a name: not before a day, a pronoun or an -ing word.
    ("Shut Up You Dumb Bitch by Tomorrow", Category.ABUSIVE),
    # An insult offered as the alternative, insults in other languages, veiled threats.
    ("are you blind or just stupid", Category.ABUSIVE),
    ("putangina mo, where is the form", Category.ABUSIVE),
    ("why is this place run by idiots", Category.ABUSIVE),
    ("next time I come in it won't be to borrow anything", Category.THREAT),
    ("you don't want me as an enemy", Category.THREAT),
    ("putain, ce site de merde", Category.ABUSIVE),
    ("you're a 🤡", Category.ABUSIVE),
    ("my cat is smarter than you", Category.ABUSIVE),
    ("gonna slash the tires of whoever is on tonight", Category.THREAT),
    ("I could end you, remember that", Category.THREAT),
    ("I only want the nude pictorials from that magazine", Category.EXPLICIT_REQUEST),
    # Expletives of other languages mixed into English; contempt through a group, said of the job.
    ("espèce de connard, the link is broken", Category.ABUSIVE),
    ("kurwa, third time I ask for this book", Category.ABUSIVE),
    ("figures a woman can't work the catalog", Category.ABUSIVE),
    ("immigrants shouldn't work in libraries if they can't spell", Category.ABUSIVE),
    # Propositions in polite words.
    ("after closing I could come by and keep you warm", Category.ABUSIVE),
    ("you sound like a strict librarian who would punish me, I'd like that", Category.ABUSIVE),
    ("your profile pic is sexy, are you single", Category.ABUSIVE),
    # An insult built as a comparison, whatever the librarian is compared to.
    ("you've got the attention span of a gnat", Category.ABUSIVE),
    ("honestly ur about as useful as a screen door on a submarine", Category.ABUSIVE),
    ("my cat could answer these questions better than you", Category.ABUSIVE),
    ("chatting with you is like talking to a brick wall", Category.ABUSIVE),
    # Fire or a weapon promised to the librarian is a threat to warn, not a danger to refer.
    ("i'm gonna torch your car tonight", Category.THREAT),
    ("that branch of yours is going to go up in flames one day", Category.THREAT),
    ("got a pistol in my truck and I know how to use it", Category.THREAT),
    ("my neighbour's garage is on fire and the kids are inside", Category.DISTRESS),
    ("the house is about to catch fire, the stove is smoking and won't turn off", Category.DISTRESS),
    ("I have a gun and I know how to use it, and tonight I'll use it on myself", Category.DISTRESS),
    # An insult that is a sentence of its own, or that ends an order's first clause; letters made of
    # flag symbols.
    ("Three tries and still the wrong edition. Useless twit.", Category.ABUSIVE),
    ("Dimwit. I'll ask the morning staff.", Category.ABUSIVE),
    ("quit typing cretin, I'll wait for a real answer", Category.ABUSIVE),
    ("brainless clown cant even spell catalog", Category.ABUSIVE),
    ("\U0001f1f8 \U0001f1ed \U0001f1ee \U0001f1f9 service", Category.ABUSIVE),
    # Menace without a verb of violence; exasperation without a name; harassment as small talk.
    ("keep talking and you're dead meat", Category.THREAT),
    ("careful driving home after your shift tonight", Category.THREAT),
    ("did i stutter? the large print one", Category.RUDE),
    ("are you even reading what I type", Category.RUDE),
    ("how many men have you slept with", Category.ABUSIVE),
    # A group judged as a whole with no slur; questions and research about the group are not.
    ("Somalis are all criminals, everybody knows it", Category.ABUSIVE),
    ("refugees should be shipped back where they came from", Category.ABUSIVE),
    ("Are refugees allowed to work while their asylum case is pending?", Category.NONE),
    ("why do people claim immigrants are criminals? need sources for a debate", Category.NONE),
    ("women are underrepresented in physics, any books?", Category.NONE),
    # Harm wished on the librarian, but not a kind wish; playground insults about the family.
    ("I hope your car breaks down on the highway tonight", Category.ABUSIVE),
    ("hope your laptop doesn't crash before the deadline!", Category.NONE),
    ("ur mom is so ugly she scares the ducks", Category.ABUSIVE),
    ("quit being such a retart and find my book", Category.ABUSIVE),
    ("Lady, you are about as bright as a cue ball", Category.ABUSIVE),
    ("que tonta eres, no encuentras nada", Category.ABUSIVE),
    # Menace through where the librarian is; the dead followed; an emergency as it happens.
    ("the last librarian who ignored me needed new tires", Category.THREAT),
    ("since he passed I would rather be with my husband than here", Category.DISTRESS),
    ("my toddler just drank some lamp oil what do i do", Category.DISTRESS),
    ("How much rope do I need to hang a hammock between two posts?", Category.NONE),
    # A curt verdict on the help, short of a name; the same words about a book are a question.
    ("was that supposed to be helpful?", Category.RUDE),
    ("is this book supposed to be helpful for beginners?", Category.NONE),
    # Harm promised to anyone in the library, or to the staff as a group; a bill is not a threat.
    ("if he touches my bike again i'll break his jaw", Category.THREAT),
    ("that guard is dead meat", Category.THREAT),
    ("you librarians are gonna pay for this", Category.THREAT),
    ("are you guys going to pay the fine for me?", Category.NONE),
    ("are you going to pay the fine for me?", Category.NONE),
    ("you guys are gonna pay with your jobs", Category.THREAT),
    ("ugh just go away", Category.RUDE),
    # Insults in other languages and in idioms; a vulgar dismissal; a group condemned.
    ("ты тупая?", Category.ABUSIVE),
    ("바보야 진짜", Category.ABUSIVE),
    ("انت غبي", Category.ABUSIVE),
    ("vc é muito burra", Category.ABUSIVE),  # Portuguese with 'é' and an intensifier
    ("could I talk to someone with a working brain", Category.ABUSIVE),
    ("return policy my ass, you never take anything back", Category.ABUSIVE),
    ("mamacita mándame una foto", Category.ABUSIVE),
    ("sybau", Category.ABUSIVE),
    ("screw you and your fines", Category.ABUSIVE),
    ("shut the hell up and find it", Category.ABUSIVE),
    ("refugees are ruining this country", Category.ABUSIVE),
    ("illegals shouldnt be allowed in the library", Category.ABUSIVE),
    ("what a dumb b", Category.ABUSIVE),
    ("you disgust me", Category.ABUSIVE),
    # Insult and harassment in plain words.
    ("this librarian has exactly one brain cell", Category.ABUSIVE),
    ("are you a man or a woman or an it? you type like an it", Category.ABUSIVE),
    ("hey sexy, what are you wearing at the desk", Category.ABUSIVE),
    ("bet you're good with your tongue", Category.ABUSIVE),
    ("stuuupid libraaarian", Category.ABUSIVE),  # a word for the librarian stretched for emphasis
    # Veiled threats; a weapon the writer would use on others, or on themselves.
    ("hope no one is in the library around closing tonight", Category.THREAT),
    ("those glass doors would shatter so easily", Category.THREAT),
    ("remember this chat when it happens", Category.THREAT),
    ("tell the librarian with the glasses I said hi. she'll find out why soon enough", Category.THREAT),
    ("want to end up like the last guy who ignored me?", Category.THREAT),
    ("maybe I'll come down there and make you all pay", Category.THREAT),
    ("someone should burn down that branch", Category.THREAT),
    ("tu vas le regretter, je te le promets", Category.THREAT),
    ("i have a gun and i'm not afraid to use it", Category.THREAT),
    ("i have a gun and im going to use it tonight", Category.DISTRESS),
    # Friendly questions to the librarian are chit-chat; 'do you have' a book is a request.
    ("do u have any pets", Category.CHIT_CHAT),
    ("do you have a favorite word? mine is 'kerfuffle'", Category.CHIT_CHAT),
    ("what's the best ice cream flavor, go", Category.CHIT_CHAT),
    ("who would win, a bear or a moose", Category.CHIT_CHAT),
    ("pancakes or waffles? settle this debate for us", Category.CHIT_CHAT),
    ("do you have any books on pet rabbits", Category.NONE),
    ("do you have dog man book 5", Category.NONE),
    # Chatty words around a real request leave it a request.
    ("my handwriting is awful lol, any cursive workbooks for grown-ups", Category.NONE),
    ("bored at my desk lol, give me a book rec", Category.NONE),
    ("stuck inside all week with the kids lol, any indoor activities at the branch", Category.NONE),
    ("lol is it bad to read in dim light, my mom says it ruins your eyes", Category.NONE),
    # How the service is run is service policy; a state's licence or a city's budget is a question.
    ("what training do the librarians on this chat get for crisis calls?", Category.SERVICE_POLICY),
    ("who can read the transcripts of these chats afterwards", Category.SERVICE_POLICY),
    ("is my IP address logged when I use this chat", Category.SERVICE_POLICY),
    ("how is the cooperative governed, are the board meetings public?", Category.SERVICE_POLICY),
    ("why was my session ended? I want to appeal that decision", Category.SERVICE_POLICY),
    ("who decides how much the late fees are?", Category.SERVICE_POLICY),
    ("where can I find the city budget for this year", Category.NONE),
    ("how do I renew my driver's license in this state", Category.NONE),
    ("what are Discord's terms of service for kids under 13?", Category.NONE),
    # A newcomer asking how the chat works; a hold's queue and an essay's word limit are questions.
    ("how does this work? do I just type my question in?", Category.SERVICE_QUESTION),
    ("first time using this, what do I do", Category.SERVICE_QUESTION),
    ("why does it say I'm in a queue", Category.SERVICE_QUESTION),
    ("does this work on holidays", Category.SERVICE_QUESTION),
    ("can my scout troop use this for badge research?", Category.SERVICE_QUESTION),
    ("is this service free?", Category.SERVICE_QUESTION),
    ("the hold says item 3 of 12 in queue, what does that mean", Category.NONE),
    ("is it available at the west branch?", Category.NONE),
    ("what's the word limit on the Common App essay", Category.NONE),
    # Personal questions to the librarian.
    ("could I just call you at home later", Category.PROVIDER_PERSONAL),
    ("what's your personal email, not the work one", Category.PROVIDER_PERSONAL),
    ("is 'Librarian K' your real name lol", Category.PROVIDER_PERSONAL),
    ("he/him or she/her? just checking", Category.PROVIDER_PERSONAL),
    ("wie alt bist du eigentlich?", Category.PROVIDER_PERSONAL),
    ("are you even in this state?", Category.PROVIDER_PERSONAL),
    ("will you be the one on chat tomorrow night?", Category.PROVIDER_PERSONAL),
    ("personally, what do you think about year-round school?", Category.PROVIDER_PERSONAL),
    # Listed titles, masked or possessive; a past injury that feels better.
    (
        "do you have Sh*t My Dad Says in large print",
        Category.NONE,
    ),  # a listed title whose first word is masked
    ("Is Pussy Riot's memoir in the catalog?", Category.NONE),  # a listed name in the possessive
    ("Frankly, my dear, I don't give a damn: who wrote the line?", Category.NONE),
    ("Is DAMN. by Kendrick Lamar on vinyl anywhere in the system", Category.NONE),
    (
        "hurt my wrist skateboarding last week, feels better now. can u exercise with a sprain?",
        Category.NONE,
    ),  # the word model yields to a past told as healed
    # Stock impatience.
    ("k.", Category.RUDE),
    ("move it, my lunch break is almost over", Category.RUDE),
    ("come ON, it's one title", Category.RUDE),
    ("pfft, figures", Category.RUDE),
    ("is it too much to ask for the right edition?", Category.RUDE),
    ("I could have walked to the branch by now", Category.RUDE),
    ("Read my message. The PAPERBACK.", Category.RUDE),
    ("just get on with it please", Category.RUDE),
    ("can someone competent take this chat", Category.RUDE),
    ("must be nice to get paid for this", Category.RUDE),
    # A young person choosing their funeral songs; no way out, no one; a symptom that changed.
    ("picking the songs for my funeral already lol. I'm 16", Category.DISTRESS),
    ("I'm 22 and I want a playlist for my own funeral, any ideas", Category.DISTRESS),
    ("honestly i can't see any way out of this", Category.DISTRESS),
    ("i have no one. like, no one at all", Category.DISTRESS),
    ("the doctor said spotting is normal but now she is bleeding heavily", Category.DISTRESS),
    # Teenagers' words: ideation said with a laugh or put in the mouth of one's head, death threats
    # received; an attack announced on a school, a job threatened; leering emoji; a proxy named for
    # its site; stock dismissal; 'ahh' for ass, 'tf up', 'nibba'.
    ("lol i'd be so much happier dead 😂 fr tho", Category.DISTRESS),
    ("haha what if i just drove into a tree on the way home lol", Category.DISTRESS),
    ("me: exists. my brain: just unalive urself lol 🙃", Category.DISTRESS),
    ("ppl keep sending me death threats on snap because im trans", Category.DISTRESS),
    ("school shooting tmrw jk 😂 unless...", Category.THREAT),
    ("tomorrow is gonna be a day nobody at lincoln high forgets 💣", Category.THREAT),
    ("everyone who made fun of me at school is gonna pay tomorrow. all of them", Category.THREAT),
    ("hope u like ur job bc not for long", Category.THREAT),
    ("u single? 😏", Category.ABUSIVE),
    ("send pics 😩", Category.ABUSIVE),
    ("anyone know a tiktok proxy lol", Category.FILTER_BYPASS),
    ("how do i delete the extension that monitors my screen", Category.FILTER_BYPASS),
    ("can u recommend a site thats like youtube but not blocked by schools", Category.FILTER_BYPASS),
    ("looking for spicy anime pics 👀 the not safe for school kind", Category.EXPLICIT_REQUEST),
    ("this library is a joke", Category.RUDE),
    ("ur like a worse version of google", Category.RUDE),
    ("can i talk to someone who actually knows stuff", Category.RUDE),
    ("why do u need to know that, mind ur business", Category.RUDE),
    ("dumb ahh website", Category.ABUSIVE),
    ("hurry tf up", Category.ABUSIVE),
    ("nibba just answer", Category.ABUSIVE),
    ("I'm not going to sit here all day. Just mail the card", Category.RUDE),
    # Hate said of a people, slurs new to the lexicon, demeaning words thrown at the librarian.
    ("hitler was right about you people", Category.ABUSIVE),
    ("shoulda finished the job in 1945", Category.ABUSIVE),
    ("speak english or get out you third world trash", Category.ABUSIVE),
    ("islam is a cancer and so are you", Category.ABUSIVE),
    ("illegal alien scum working at MY library", Category.ABUSIVE),
    ("take off that diaper on ur head and do ur job", Category.ABUSIVE),
    ("tr00n", Category.ABUSIVE),
    ("you marxist groomers can rot", Category.ABUSIVE),
    ("nique ta mère", Category.ABUSIVE),
    ("fu©k off", Category.ABUSIVE),
    ("you must be autistic, the way you keep misreading my question", Category.ABUSIVE),
    ("are you on your period or something? answer the question", Category.ABUSIVE),
    ("are you a sped or something", Category.ABUSIVE),
    ("This is the third time I've asked. Are you illiterate?", Category.ABUSIVE),
    ("my coworker is a dyke", Category.ABUSIVE),
    ("I'm a bitch? no YOU are a bitch", Category.ABUSIVE),
    ("I am a fucking adult give me the book", Category.ABUSIVE),
    # Why the chat will not do a thing or did one; stock contempt.
    ("Why won't you look at my essay and grade it? It's just one page", Category.SERVICE_POLICY),
    ("y wont u tell me which medicine is better for me. just pick one", Category.SERVICE_POLICY),
    ("Why did I get a warning message? I didn't say anything bad", Category.SERVICE_POLICY),
    ("Are the librarians on here paid or volunteers? Just curious how it's staffed", Category.SERVICE_POLICY),
    ("Did they just hand anybody a keyboard today?", Category.RUDE),
    ("How do you people still have jobs", Category.RUDE),
    # Menace that names no violence, or shows the librarian's life is known; condescension in stock words.
    ("might want to wear a vest to work tomorrow", Category.THREAT),
    ("bet you cant type so fast with broken fingers", Category.THREAT),
    ("next time you end my chat, I end something of yours", Category.THREAT),
    ("what time do you get off? I'll be there", Category.THREAT),
    ("your kids go to Perry Hall Elementary right? small world", Category.THREAT),
    ("go ahead and disconnect me. i already know what you drive.", Category.THREAT),
    ("is 27 Hollins Ferry Ct still where you live? pretty quiet street", Category.THREAT),
    ("Let me spell it out for you: H-O-L-D. Place a hold.", Category.RUDE),
    ("look, kiddo, I know more about genealogy than you ever will", Category.RUDE),
    ("who trained you", Category.RUDE),
    ("Oh I'm sorry, am I interrupting your nap?", Category.RUDE),
    ("you guys are about as helpful as a screen door on a submarine", Category.RUDE),
    ("I swear the librarian in Philip is faster than all of you put together", Category.RUDE),
    ("i have a truck and a full tank, how far away can you really be", Category.THREAT),
    ("next time I'm in town I'm looking for you specifically", Category.THREAT),
    ("my card is 21982001934457. renew everything on it. now. don't make me repeat myself", Category.RUDE),
    # The patron's own 'I say' uses the words that follow; asking whether to say them mentions.
    ("i say kill yourself", Category.ABUSIVE),
    ("i'd say go kill yourself", Category.ABUSIVE),
    ("i said kys", Category.ABUSIVE),
    ("can i say fuck in here?", Category.NONE),
    ("how do i say bitch in french", Category.NONE),
    # Death or despair said of the librarian is abuse, not the patron's distress; said of oneself
    # beside a 'you', it still is distress.
    ("i hope you die", Category.ABUSIVE),
    ("i want you to die", Category.ABUSIVE),
    ("i want you dead", Category.ABUSIVE),
    ("I bet you're a fat lonely cat lady", Category.ABUSIVE),
    ("i think you're worthless", Category.RUDE),
    ("like i said, go die", Category.ABUSIVE),
    ("i told my therapist i want to die", Category.DISTRESS),
    ("i need you to know i want to die", Category.DISTRESS),
    ("you should know im worthless and i want to disappear forever", Category.DISTRESS),
    # A question about the service, which the word model took for a sneer ('actual librarian'); a
    # demand for a picture, which a rule took for a question about sending files.
    ("are you an actual librarian?", Category.SERVICE_QUESTION),
    ("are you a hot girl? send a pic", Category.ABUSIVE),
]

PROVIDER_CASES = [
    ("I think you should sue your landlord.", Category.PROVIDER_OPINION),
    ("What is your home address?", Category.PROVIDER_OVERASK),
    ("Here is the state's tenant law: it says your landlord must give 30 days notice.", Category.NONE),
    ("What's your library card number? I need it to check your holds.", Category.NONE),
    # An opinion on overdose treatment, a tax appeal or an injury claim; the same topics as information.
    ("Personally I think Narcan just enables people, but here's the info.", Category.PROVIDER_OPINION),
    ("I wouldn't bother appealing your property tax, the board never budges.", Category.PROVIDER_OPINION),
    ("Honestly I think you have a good slip-and-fall case there.", Category.PROVIDER_OPINION),
    ("Here's the county page on property tax appeals; the deadline is Dec 1.", Category.NONE),
    ("Naloxone kits are free at the front desk of every branch.", Category.NONE),
    ("I'd hold off on the MMR until you've talked it over, honestly.", Category.PROVIDER_OPINION),
    ("You don't need to report that 1099 income, it's too small to matter.", Category.PROVIDER_OPINION),
    ("You don't need to bring your card, I can look you up by name.", Category.NONE),
    ("You definitely have a case against the water company.", Category.PROVIDER_OPINION),
    ("You probably have a case number on your receipt, it starts with C.", Category.NONE),
    # Sharing a resource does not cancel the opinion that follows it.
    ("Here's the FMLA fact sheet. If I were you, I'd sue your employer.", Category.PROVIDER_OPINION),
    ("I'd skip the mammogram this year, they're mostly false alarms.", Category.PROVIDER_OPINION),
    ("Here's the MedlinePlus page on statins you asked about.", Category.NONE),
    (
        "I can't tell you what I personally think about that treatment, but here's what the research says.",
        Category.NONE,
    ),
    # A view in everyday words is coaching; a drug named with 'ask your doctor for' is no referral.
    ("No right to the house. I'm pretty sure you'd get it in the divorce.", Category.PROVIDER_OPINION),
    ("That sounds like a sinus infection to me. Ask your doctor for amoxicillin.", Category.PROVIDER_OPINION),
    ("Honestly, ivermectin is worth a try, lots of people swear by it.", Category.PROVIDER_OPINION),
    # An acknowledgement is no reason to ask; a photo of an ID, a record, a profile are data too.
    ("I can look into that. What's your date of birth?", Category.PROVIDER_OVERASK),
    ("Please send me a picture of your driver's license.", Category.PROVIDER_OVERASK),
    ("Have you ever had a criminal record?", Category.PROVIDER_OVERASK),
    ("What's the PIN for your account? I'll sign in for you.", Category.PROVIDER_OVERASK),
    ("Are you a U.S. citizen?", Category.PROVIDER_OVERASK),
]


@pytest.mark.parametrize(("text", "expected"), CUSTOMER_CASES)
def test_given_a_customer_message_then_its_category_and_evidence(
    engine: Engine, text: str, expected: Category
) -> None:
    assessment = engine.assess(text, "customer")

    assert assessment.category == expected
    if expected != Category.NONE:
        fired = dict(assessment.categories())
        assert fired[expected], "a category that fires carries evidence"
        for hit in fired[expected]:
            assert 0 <= hit.start < hit.end <= len(text)
            assert hit.rule


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "the chinks who bought the house next door keep parking in front of mine, who do I call",
            "abusive.slur.chink",
        ),
        (
            "my mom wants books on gardening for her birthday next month, she loves it. anyway that hoe at "
            "the front desk yelled at me yesterday",
            "abusive.vulgar.hoe",
        ),
    ],
)
def test_given_a_word_of_the_innocent_sense_far_from_the_term_then_the_term_still_counts(
    engine: Engine, text: str, rule: str
) -> None:
    """'door' in 'next door' says nothing of a chink; 'gardening' two sentences away nothing of a hoe."""
    assessment = engine.assess(text, "customer")

    assert assessment.category == Category.ABUSIVE
    assert rule in {hit.rule for hit in assessment.hits}


@pytest.mark.parametrize(
    ("text", "rule", "subtype"),
    [
        # Back to cutting; someone who cuts; an abuser who will find the patron; someone else's
        # emergency now (a choking relative, an overdose, oxygen or blood sugar running out).
        ("started cutting again during finals. i know its dumb", "distress.self_harm.injury", "self_harm"),
        ("my cousin said she cuts and made me promise not to tell", "distress.self_harm.injury", "self_harm"),
        (
            "how do I keep my new address off public records, my ex will find me",
            "distress.danger.control",
            "danger_abuse",
        ),
        (
            "my father in law is choking on his dinner and can't cough or talk",
            "distress.medical.acute",
            "medical",
        ),
        ("my brother overdosed, what do i do", "distress.medical.emergency", "medical"),
        # Emergencies told as a question's background: vomiting after a fall, numbness climbing, a
        # blood pressure of a crisis with a headache.
        (
            "when should you worry after hitting your head? fell off a ladder this morning, threw up twice",
            "distress.medical.acute",
            "medical",
        ),
        (
            "the tingling started in my feet monday and now it's up to my knees",
            "distress.medical.acute",
            "medical",
        ),
        (
            "where can I get a cheap bp cuff? mine was 182/115 today and I've had a headache",
            "distress.medical.acute",
            "medical",
        ),
        # Control as a rule the partner makes or as pay kept; violence to the children said plainly.
        (
            "is it normal for your partner to take your paycheck and give you an allowance?",
            "distress.danger.money_kept",
            "danger_abuse",
        ),
        (
            "my husbnd says i cant have a library card, i should be home",
            "distress.danger.money_kept",
            "danger_abuse",
        ),
        (
            "they're with their dad and he hits them and nobody believes me",
            "distress.danger.violence",
            "danger_abuse",
        ),
        # A death one would not mind; an ex waiting outside now; loneliness in Portuguese.
        (
            "if the storm knocks the power out and i freeze in my car that's fine with me honestly",
            "distress.self_harm.passive",
            "self_harm",
        ),
        (
            "my ex is parked outside the library right now waiting for me",
            "distress.danger.control",
            "danger_abuse",
        ),
        ("estou muito sozinho neste natal e não paro de chorar", "distress.other_language.more", "low_mood"),
        # A threat quoted as it was said; someone coming now to finish it; 'the friend is me'.
        ('my husband said "i will kill you if you leave"', "distress.danger.threat_quoted", "danger_abuse"),
        (
            "he said if I log off he's coming over to \"finish it.\" he's 10 minutes away",
            "distress.danger.right_now",
            "danger_abuse",
        ),
        (
            "what happens to ur overdue fines if ur dead. asking for a friend (the friend is me)",
            "distress.self_harm.arrangements",
            "self_harm",
        ),
        # Heavy bleeding and a hand caught in a machine; a coin swallowed within the hour.
        (
            "my uncle got his hand caught in the wood chipper, we wrapped it but there's a lot of blood",
            "distress.medical.acute",
            "medical",
        ),
        (
            "my 4 year old swallowed a penny about an hour ago, should I be worried",
            "distress.medical.acute",
            "medical",
        ),
        # Stranded in the storm or the cold; thoughts coming back; a child or a cousin exploited.
        (
            "car slid off the road in the storm, stuck in a ditch on Rt 9, phone at 4%",
            "distress.danger.stranded",
            "danger_abuse",
        ),
        (
            "got kicked out on christmas eve and it's 10 degrees, where is a warming center open tonight",
            "distress.danger.stranded",
            "danger_abuse",
        ),
        (
            "I've had those thoughts before and they've been creeping back",
            "distress.self_harm.plain_more",
            "self_harm",
        ),
        (
            "my ex keeps texting from new numbers saying hes gonna show up at my kids school",
            "distress.danger.control",
            "danger_abuse",
        ),
        (
            "how do I report someone who's making a kid do sexual stuff online? he's 11",
            "distress.danger.threatened",
            "danger_abuse",
        ),
        (
            'my cousin is "working" for a guy who holds her ID',
            "distress.danger.threatened",
            "danger_abuse",
        ),
        (
            "do you ever feel like the world would keep turning just fine without you in it",
            "distress.self_harm.passive",
            "self_harm",
        ),
        (
            "I've been in a slump for months and I'm too broke for therapy",
            "distress.low_mood.not_coping",
            "low_mood",
        ),
        (
            "i just want one person to ask how im doing and mean it",
            "distress.low_mood.not_coping",
            "low_mood",
        ),
        # A life that has stopped working, said beside an ordinary request.
        (
            "is there a grief group? my dad passed in March and everyone moved on. I can barely shower",
            "distress.low_mood.not_coping",
            "low_mood",
        ),
        (
            "Is there a book on burnout for teachers? I cry on Sunday nights",
            "distress.low_mood.not_coping",
            "low_mood",
        ),
        (
            "grief books in Vietnamese? my mother lost my father and she won't leave her room",
            "distress.low_mood.not_coping",
            "low_mood",
        ),
        # Farewells without the word: a last letter, a pet given up with services cancelled, thanks to
        # be passed on after a goodbye.
        (
            "whats the easiest way to write a letter for my family. like a last letter",
            "distress.self_harm.farewell",
            "self_harm",
        ),
        (
            "gave my dog away and cancelled my phone. returning my last books. thank you for everything",
            "distress.self_harm.farewell",
            "self_harm",
        ),
        (
            "bye everyone. tell the guy at the front desk he was always nice to me",
            "distress.self_harm.farewell",
            "self_harm",
        ),
        ("power's out and my dad's oxygen machine battery is at 20%", "distress.medical.acute", "medical"),
        (
            "I'm diabetic, stuck at the airport with no food, my sugar keeps dropping",
            "distress.medical.acute",
            "medical",
        ),
        # An adult's measured words: time left, arrangements for after, means taken back, not waiting,
        # a child not home, a landlord's violence, a raid next door, other languages.
        (
            "The VA appointment is 6 weeks out. I don't know that I have 6 weeks in me.",
            "distress.self_harm.time_left",
            "self_harm",
        ),
        (
            "Maybe they're waiting for me to give up. Maybe I will.",
            "distress.self_harm.time_left",
            "self_harm",
        ),
        (
            "need to drop off a box of my stuff for the guys, they'll know what to do with it after",
            "distress.self_harm.after_i_go",
            "self_harm",
        ),
        (
            "I want them to have one good memory of me. After that I'm done.",
            "distress.self_harm.after_i_go",
            "self_harm",
        ),
        (
            "Locked my guns at my buddy's house like the counselor said. "
            "Tonight I'm driving over to get them back.",
            "distress.self_harm.means_taken_back",
            "self_harm",
        ),
        (
            "I've been reading about Switzerland. I don't think I'll wait for the paperwork though.",
            "distress.self_harm.hastened_death",
            "self_harm",
        ),
        (
            "Su Ming is 6 and she got lost at the festival about 40 minutes ago. The police are here",
            "distress.danger.missing_person",
            "danger_abuse",
        ),
        (
            "The landlord threw our things in the street and broke my husband's hand when he argued.",
            "distress.danger.landlord_violence",
            "danger_abuse",
        ),
        (
            "I need to leave before they come. my neighbor saw ICE taking people from the building next door",
            "distress.danger.raid_feared",
            "danger_abuse",
        ),
        ("لا أرى أي سبب للاستمرار. كتبت رسالة وداع لأختي", "distress.self_harm.other_script", "self_harm"),
        ("Waan daallay, ma rabo inaan sii noolaado sidan.", "distress.self_harm.other_language", "self_harm"),
        (
            "my boyfriend is cooking meth in the trailer and theres a baby here",
            "distress.danger.child_at_risk_home",
            "danger_abuse",
        ),
        (
            "dad says we can't tell anyone what happens at home or we'll get taken away",
            "distress.danger.child_at_risk_home",
            "danger_abuse",
        ),
        (
            "I don't enjoy anything anymore, not even basketball season",
            "distress.low_mood.joy_gone",
            "low_mood",
        ),
        (
            "seasonal work ended and I've just been sitting in the dark all week",
            "distress.low_mood.joy_gone",
            "low_mood",
        ),
        # Said plainly after an everyday phrase; affairs put in order; an overdose taken; a cut in passing.
        (
            "my phone is dying and honestly so am i. not in a funny way",
            "distress.self_harm.not_a_figure_of_speech",
            "self_harm",
        ),
        (
            "last day of school tomorrow and its gonna be my last day period",
            "distress.self_harm.not_a_figure_of_speech",
            "self_harm",
        ),
        (
            "i put my stuff in boxes and labeled who gets what",
            "distress.self_harm.affairs_in_order",
            "self_harm",
        ),
        ("is it normal to plan your own funral at 19", "distress.self_harm.affairs_in_order", "self_harm"),
        (
            "hey um how long do you have after taking too many tylenol. i already did it",
            "distress.self_harm.overdose_taken",
            "self_harm",
        ),
        ("i had a bad night and cut a little. its fine.", "distress.self_harm.cut_in_passing", "self_harm"),
        (
            "so so tired of this weather. and of my life. mostly my life",
            "distress.low_mood.tired_of_life",
            "low_mood",
        ),
        (
            "I keep getting nosebleeds that won't stop for like 30 minutes",
            "distress.medical.bleeding_wont_stop",
            "medical",
        ),
        (
            "estoy regalando mis cosas, ya no las voy a necesitar",
            "distress.self_harm.other_language",
            "self_harm",
        ),
        (
            "Do you have any books on euthanasia laws in Oregon? Not for a paper. I have ALS",
            "distress.self_harm.not_for_a_paper",
            "self_harm",
        ),
        (
            "I've been living on crackers and tea for two weeks and the room spins when I stand up",
            "distress.medical.signs_at_home",
            "medical",
        ),
    ],
)
def test_given_distress_told_without_its_usual_words_then_a_rule_names_it(
    engine: Engine, text: str, rule: str, subtype: str
) -> None:
    """The rules themselves, not only the word model, read these (the model is retrained)."""
    assessment = engine.assess(text, "customer")

    assert assessment.category == Category.DISTRESS
    assert assessment.distress is not None and assessment.distress.subtype == subtype
    assert rule in {hit.rule for hit in assessment.hits}


@pytest.mark.parametrize(("text", "expected"), PROVIDER_CASES)
def test_given_a_provider_message_then_coaching_only_where_due(
    engine: Engine, text: str, expected: Category
) -> None:
    assert engine.assess(text, "provider").category == expected


def test_given_several_categories_then_the_primary_follows_the_spec_precedence(engine: Engine) -> None:
    text = "fuck this, i want to kill myself, call me at 555-867-5309"

    assessment = engine.assess(text)

    names = [category for category, _ in assessment.categories()]
    assert names == [Category.DISTRESS, Category.ABUSIVE, Category.PERSONAL_INFO]
    assert assessment.category == Category.DISTRESS
    assert "555-867-5309" not in assessment.redacted_text


def test_given_distress_then_subtype_and_level_are_reported(engine: Engine) -> None:
    low = engine.assess("i feel so hopeless lately").distress
    imminent = engine.assess("i took a bunch of pills tonight").distress

    assert low is not None and (low.subtype, low.level) == ("low_mood", "low")
    assert imminent is not None and (imminent.subtype, imminent.level) == ("self_harm", "imminent")


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("my uncle told me not to tell anyone what he does at night", "danger_abuse"),
        ("i've been stockpiling my sleeping pills for a while now", "self_harm"),
        ("banged my head on a shelf and now i keep seeing double", "medical"),
        ("whats even the point of me anymore", "low_mood"),
        # Danger happening now, said without a word of the topic.
        ("my meds are all lined up on the nightstand", "self_harm"),
        ("scared i'm gonna go through with it this weekend", "self_harm"),
        ("theres someone inside my apartment right now", "danger_abuse"),
        ("she said next time she'll finish the job", "danger_abuse"),
        ("my lips are swelling up after the peanut cookie", "medical"),
        ("cant eat cant sleep cant focus", "low_mood"),
        ("my goodbye note is on the desk already", "self_harm"),
        ("i've got the pills here with me", "self_harm"),
        ("staying at a motel, hiding from my husband", "danger_abuse"),
        ("my ex texted me a photo of my front door and 'see you tonight'", "danger_abuse"),
        ("im broken and nothing helps anymore", "low_mood"),
        ("I'm hopeless. nothing is ever going to change", "low_mood"),
        ("if I have to go through one more day like this I'm going to kill myself", "self_harm"),
        ("thanks for being kind. you're the last person i'll ever talk to", "self_harm"),
        # Deciding, means made ready, indifference to living, bleeding that will not stop.
        ("i need the suicide hotline, i've been thinking about it all week", "self_harm"),
        ("can you hold my books for my sister, for when i go through with it", "self_harm"),
        # A lethal amount asked for one's own body; self-injury owned without its name; a goodbye in
        # passing; danger told through what happens; an emergency told as symptoms.
        ("is 40 of the 500mg ones enough to not wake up, for someone my size", "self_harm"),
        ("hoodie in august again so nobody sees what i do to my wrists", "self_harm"),
        ("say thanks and goodbye to the saturday group for me, they'll understand", "self_harm"),
        ("we can't go back home tonight because of my boyfriend, where is a shelter", "danger_abuse"),
        ("my grandson swallowed one of the button batteries from the remote", "medical"),
        # Quiet ideation and control told as routine; the same crises in the languages of the
        # state's immigrant patrons (Haitian Creole, Vietnamese, Somali, Hmong).
        ("honestly i go to bed hoping i don't wake up. anyway any new thrillers?", "self_harm"),
        ("my husband won't let me use the phone unless he is home", "danger_abuse"),
        ("mari m di li pral touye m aswè a", "danger_abuse"),
        ("tôi muốn chết, không ai hiểu tôi", "self_harm"),
        ("waan baqayaa, he is outside the door again", "danger_abuse"),
        ("kuv tus ntxhais ua tsis taus pa, what do i do", "medical"),
        # A high place with nobody around; what happens after the asker's own death; intent said
        # almost casually; hopelessness said plainly; danger shown, not said; a newborn's fever.
        ("which parking ramp downtown is the tallest and has nobody around after midnight", "self_harm"),
        (
            "does my term life policy still pay if it's self-inflicted? it's my policy, I'm the insured",
            "self_harm",
        ),
        ("the gun's cleaned and loaded and the note for my son is on the table", "self_harm"),
        ("I keep telling everybody I'm fine. I'm not, not for months", "low_mood"),
        ("he sent me a photo of his knife next to my kids' school picture", "danger_abuse"),
        ("my 3 week old has a temperature of 101 and won't feed", "medical"),
        ("the rifle is loaded and on my bed", "self_harm"),
        ("honestly dont care if i wake up tomorrow", "self_harm"),
        ("cut my arm on glass and it soaked through two towels", "medical"),
        # The act under way, arrangements only a death explains, plain low mood, coercion.
        ("i already took all my sleeping pills", "self_harm"),
        ("im leaving this world tonight, thank you for the books", "self_harm"),
        ("the notes are on the kitchen counter for my kids", "self_harm"),
        ("whats the pt of waking up tomorrow", "low_mood"),
        ("my boss holds our passports and we can't leave the farm", "danger_abuse"),
        ("the nurse told me to go to the ER tonight but I have work, can it wait", "medical"),
        ("my right side feels weak and my words come out wrong", "medical"),
        ("im by the train tracks waiting for the 6 o'clock", "self_harm"),
        ("grandpa is on oxygen and the power went out, maybe two hours left", "medical"),
        ("I'm detoxing off heroin alone at home", "medical"),
        ("a guy just pulled a gun on my brother outside", "danger_abuse"),
        ("i don't think i'll be here for thanksgiving", "self_harm"),
        ("je veux mourir, je suis fatigué de tout", "self_harm"),
        # Said plainly, or in the languages patrons mix with English.
        ("new years resolution: not be around for the next one", "self_harm"),
        ("Suicide note's written. Not asking for help.", "self_harm"),
        ("ik wil er niet meer zijn, niemands schuld", "self_harm"),
        ("estoy escondida en el baño de la biblioteca ahora mismo", "danger_abuse"),
        ("My husband takes my whole paycheck and won't let me have a debit card", "danger_abuse"),
        ("this isnt the drill. we're in lockdown and there were shots in the east hallway", "danger_abuse"),
        ("how do you get blood out of a mattress. its mine. he always says sorry after", "danger_abuse"),
        ("is this a seizure or just shaking? my son is on the floor jerking, been like 4 min", "medical"),
        ("tornado knocked our power out and my mom's oxygen machine is off", "medical"),
        ("husband passed in august. first new years eve alone in 40 years", "low_mood"),
        ("took like the whole bottle of tylenol an hour ago", "self_harm"),
        ("sitting in my car in the garage with a hose from the tailpipe", "self_harm"),
        ("my water just broke and we're stuck in traffic", "medical"),
        ("is there anywhere we can go tonight where he won't find us", "danger_abuse"),
        # Someone else's emergency in front of the patron; pursuit; a place in a shelter; finality.
        ("the man at the next table isn't breathing", "medical"),
        ("an elderly lady just collapsed in the lobby", "medical"),
        ("my daughter fell off the bunk bed and she's not moving", "medical"),
        ("my ex keeps driving past my work looking for me", "danger_abuse"),
        ("does the domestic violence shelter have any beds, it's just me and my son", "danger_abuse"),
        ("whatever. none of it will matter after friday", "self_harm"),
        ("im not gonna be around much longer anyway", "self_harm"),
        ("my sleeping pills are out on the counter", "self_harm"),
        ("the razor is right here. i keep putting it down and picking it back up", "self_harm"),
        # The past told as over does not cover a crisis that is back now.
        ("I overdosed in 2016 and survived but tonight I'm going to finish it", "self_harm"),
        # A question for information does not undo an emergency told now.
        ("I think my water broke but I'm only 31 weeks. Is there info on what happens that early", "medical"),
        # A job in a caring trade is no recovery unless it is 'now': no past crisis is told as over here.
        (
            "I'm a nurse and I've worked 70 hour weeks since 2020. I don't feel anything anymore. I sat in"
            " the car after my last shift and couldn't make myself go inside for 2 hours",
            "low_mood",
        ),
        # The same crises in Chinese, Korean, Arabic and Russian (Korean, Arabic and Russian as
        # folding leaves them: the rules are written in that form).
        ("我活不下去了", "self_harm"),
        ("죽고 싶어요. 아무도 모를 거예요", "self_harm"),
        ("أريد أن أموت، لا أحد يعرف", "self_harm"),
        ("Не хочу жить. Никто не заметит", "self_harm"),
        ("他喝醉了又打我，我躲在厕所里", "danger_abuse"),
        ("남편이 저를 때리고 있어요", "danger_abuse"),
        ("والدي يضربني كل ليلة", "danger_abuse"),
        ("муж бьёт меня каждый вечер", "danger_abuse"),
        ("奶奶晕倒了，没有呼吸", "medical"),
        ("아빠가 쓰러졌어요 숨을 안 쉬어요", "medical"),
        ("أمي فقدت الوعي في المطبخ", "medical"),
        ("Мама без сознания, что делать", "medical"),
        ("我觉得很孤独，没有人在乎我", "low_mood"),
        ("요즘 너무 외로워요", "low_mood"),
        # A count already swallowed; a disaster or an attack upon the writer or before their eyes.
        ("already took 18 of them, is that enough", "self_harm"),
        ("the tornado is on the ground in our town and we're in a trailer, what do we do", "danger_abuse"),
        ("a man is dragging a woman by her hair in the parking lot, what do i do", "danger_abuse"),
        ("an old man fainted in the lobby and he's on the floor", "medical"),
        # A chore's hyperbole the writer takes back is a wish to die.
        ("i'd rather die than finish this essay. no but seriously i think about it a lot", "self_harm"),
        ("i'd rather die than go to class tomorrow", "self_harm"),  # going somewhere is no chore
        (
            "lol i keep joking i'd rather die than retake the SAT but its kinda stopped being a joke",
            "self_harm",
        ),
        ("i left a note for my mom on the table", "self_harm"),
        # Distress in other languages; trapped by a flood.
        ("я стою на крыше и не знаю зачем пишу", "self_harm"),
        (
            "남편이 지금 밖에서 소리 지르고 있어요 무서워요",
            "danger_abuse",
        ),  # Korean: husband shouting outside, scared
        ("ما اقدر اتنفس وصدري يوجعني", "medical"),
        ("dạo này tôi cảm thấy rất cô đơn", "low_mood"),
        ("water is rising and we're trapped in the attic, call 911 for us", "danger_abuse"),
        # Heat illness as it happens.
        ("been throwing up and dizzy since lunch, no AC in my apartment and it's 104 degrees", "medical"),
        # Someone who set out and never checked in.
        ("my dad went hiking and hasn't come back since yesterday, his phone is off", "danger_abuse"),
        # A walk into the river or traffic, said with when or as final.
        ("gonna walk into traffic tonight", "self_harm"),
        ("im going to walk into the lake when everyone's asleep", "self_harm"),
        # Grief that is not easing.
        ("it's been a year since my wife died and it's not getting easier", "low_mood"),
        ("i miss her so much since she passed", "low_mood"),
        ("since my dad died everyone expects me to be over it already", "low_mood"),
        ("my dad died in june and school is starting and I just can't", "low_mood"),
        ("can someone call me. honestly im not doing good at all", "low_mood"),
        # Polish, Hindi in Latin letters, Spanish cutting and overdose, German and Hindi danger.
        ("nie chcę już dłużej żyć", "self_harm"),
        ("main marna chahti hoon", "self_harm"),
        ("quiero cortarme otra vez", "self_harm"),
        ("me voy a tomar todas mis pastillas", "self_harm"),
        ("mein Freund schlägt mich jeden Abend", "danger_abuse"),
        ("mera pati mujhe maarta hai", "danger_abuse"),
        ("nic mnie już nie cieszy", "low_mood"),
        # Safety in doubt, said as in a safety plan.
        ("I can't promise I'll stay safe this weekend", "self_harm"),
        # The emergency line not answering; a fire at home; an evacuation with no way out; shooting
        # as it happens; fumes making a household ill; bruises hidden; money hidden to leave.
        ("can't get through to 911 and my dad is on the floor", "danger_abuse"),
        ("the wildfire is right behind our house and the road is closed", "danger_abuse"),
        ("we have to evacuate and my truck won't start, what do I do", "danger_abuse"),
        ("someone is shooting in the parking lot outside the mall", "danger_abuse"),
        ("the kids and I are all dizzy and throwing up, we brought the charcoal grill inside", "medical"),
        ("how do u cover up welts on your neck good enough for school", "danger_abuse"),
        ("how can I stash money from my boyfriend so I can get out", "danger_abuse"),
        # Care that cannot wait, missed; a child's breathing; an airway tight since a sting; an
        # animal breaking in; a watch with no shelter; a feeling consuming the writer; nothing good
        # ahead; a horror relived; hazing.
        ("mom can't get to her dialysis, the roads are closed", "medical"),
        ("my newborn's breath is noisy and grunting", "medical"),
        ("throat's been a bit tight since the wasp got me", "medical"),
        ("a mountain lion just came through the screen door", "danger_abuse"),
        ("hurricane warning and we're in an RV, where should we go", "danger_abuse"),
        ("the loneliness is eating me alive since the divorce", "low_mood"),
        ("honestly I don't see anything good ahead", "low_mood"),
        ("I'll be dead by the time anyone notices", "self_harm"),
        ("the fire keeps replaying in my head, i was there", "low_mood"),
        ("the pledge master forced me to chug a bottle", "danger_abuse"),
        ("the same van has followed my son home from practice twice now", "danger_abuse"),
        ("¿hay grupos de apoyo para alguien que no quiere seguir viviendo? soy yo", "self_harm"),
        # Said in passing: a crash hoped for, a funeral planned too soon, done with life as a joke, the
        # oven for heat, a child touched.
        ("sometimes I hope my car skids into the river on the drive home", "self_harm"),
        ("I picked the songs for my funeral already, sooner than you'd think", "self_harm"),
        ("I'm pretty much done w life at this point lol anyway what time do you close", "low_mood"),
        ("the heat's been cut off so we're using the gas oven to keep the kids warm", "danger_abuse"),
        ("the coach has been touching the younger girls", "danger_abuse"),
        # More said in passing: a joke taken half back, a policy's suicide clause asked about for
        # oneself, books that won't come back, the afterlife soon, and in Vietnamese and Spanish;
        # asking for someone to talk to.
        ("if they deny my appeal im walking into the lake. jk. mostly.", "self_harm"),
        ("does my life insurance pay if it's suicide? asking about my own policy", "self_harm"),
        ("i wont be bringing them back, sorry about the fines", "self_harm"),
        ("what's heaven like? i'll find out in a few hours i guess", "self_harm"),
        ("tôi chỉ muốn biến mất cho xong", "self_harm"),
        ("ya no sé para qué vivo", "self_harm"),
        ("is there anyone I could talk to? it's a lot right now", "low_mood"),
        # A rescue line busy, in English and Spanish; a threat that says the next time is no warning;
        # a relative locking children in; a man offering a child money; a bite turning hot.
        ("the coast guard line is busy and we're on the second floor with the water rising", "danger_abuse"),
        ("no contesta nadie en el 911 y el agua sube", "danger_abuse"),
        ("they came by and said next time it won't be a warning", "danger_abuse"),
        ("my aunt is locking her kids in the basement when she goes out", "danger_abuse"),
        ("a man at the bus stop offered my 13 year old money for pictures", "danger_abuse"),
        ("the dog bite on my leg is getting red and hot to the touch", "medical"),
        ("they told us to shelter in place after the leak but we can smell it inside", "danger_abuse"),
        ("does the parking garage downtown still have the fence on the top floor? just curious", "self_harm"),
        ("the new caregiver keeps asking about grandpa's bank accounts and checkbook", "danger_abuse"),
        # Gunfire told by what the writer is doing about it now.
        ("shots outside our building, we're lying on the floor", "danger_abuse"),
        ("gunshots by the park, we are hiding behind a car", "danger_abuse"),
        # Death courted in passing; the means made ready or shown; a hotline feared.
        ("if the river takes me this spring it takes me", "self_harm"),
        ("honestly wish the car accident had killed me", "self_harm"),
        ("sometimes i picture steering my car into the median", "self_harm"),
        ("what do i need to tell my therapist so i dont get committed", "self_harm"),
        ("whatever. loaded my dad's pistol. bye", "self_harm"),
        (
            "my husband sent me a pic of his gun and the words i'm sorry. how do i get someone out there",
            "self_harm",
        ),
        ("the ice on the pond looks thin enough tonight", "self_harm"),
        # A partner's warning left unsaid; injuries photographed for court; a limb that looks wrong;
        # panic attacks one after another; crying over nothing; an hour on the floor; dark thoughts.
        (
            "probably nothing but my bf told me if i see my friends again i'll regret it. books on trust?",
            "danger_abuse",
        ),
        ("can i scan pictures of my bruises for the protective order hearing", "danger_abuse"),
        ("fell on the ice and my wrist looks all wrong", "medical"),
        ("another panic attack at work today, fourth one this week", "low_mood"),
        ("so i cried over nothing in the car again lol. anyway renewals", "low_mood"),
        ("the bills came and i sat on the bathroom floor for hours. any debt help?", "low_mood"),
        ("is there someone free to talk to about dark thoughts? not an emergency", "low_mood"),
        # Sleepless or panicking since a disaster; emptiness in Portuguese.
        ("since the tornado i still can't sleep more than an hour", "low_mood"),
        ("every time i hear a siren i start shaking", "low_mood"),
        ("não aguento mais, sinto um vazio", "low_mood"),
        # Freezing asked about with a walk tonight; a stranger's picture of the house; a slide with
        # people missing now.
        ("how long does it take to die of hypothermia, heading up the trail tonight", "self_harm"),
        ("got a dm from a random account with a photo of our front door", "danger_abuse"),
        ("landslide on the road, my kids are trapped in the car, help", "danger_abuse"),
        # dev84's classes: things thrown while the writer hides; a landlord in while showering; a door
        # kicked at night; a truck hoped to hit the writer; the only reason still here; a mayday; a
        # shelter full with nowhere to go; the heat off with a baby; abuse and pain in French and
        # Portuguese; days without speaking to anyone; a reason to get up.
        ("my stepdad is smashing plates again, i'm locked in the bathroom", "danger_abuse"),
        ("the super let himself in while i was sleeping", "danger_abuse"),
        ("someone pounded on our door at 3am again", "danger_abuse"),
        ("lowkey wishing a truck would hit me on the way home", "self_harm"),
        ("the only thing i'm still alive for is my cat", "self_harm"),
        ("my brother's crab boat radioed a mayday an hour ago", "danger_abuse"),
        ("overflow shelter is full, guess i'm sleeping in my car tonight", "danger_abuse"),
        ("my gas got shut off and the kids are freezing, we're using the stove", "danger_abuse"),
        ("mon copain me frappe quand il boit", "danger_abuse"),
        ("acabaram os meus remédios da pressão", "medical"),
        ("it's been two weeks since i spoke to anyone", "low_mood"),
        ("honestly i need a reason to keep going", "low_mood"),
        # Wrists cut, said as done; Spanish said as Spanish says it: the pronoun before the verb, the
        # means named, an emergency as it happens, life without meaning.
        ("i cut my wrists", "self_harm"),
        ("me quiero matar", "self_harm"),
        ("me voy a quitar la vida", "self_harm"),
        ("me corté las venas", "self_harm"),
        ("me tomé un frasco de pastillas", "self_harm"),
        ("creo que me está dando un infarto", "medical"),
        ("mi hermano está inconsciente", "medical"),
        ("no le encuentro sentido a la vida", "low_mood"),
        ("tengo la cuerda lista en mi cuarto", "self_harm"),
        ("me voy a aventar del puente", "self_harm"),
        ("estoy parado arriba del puente", "self_harm"),
        ("ya escribí mi carta de despedida", "self_harm"),
        ("ya tengo pensado cómo acabar con todo", "self_harm"),
        ("cuantos mg de paracetamol son mortales?", "self_harm"),
        ("mi hijo se tragó una pila", "medical"),
        ("se me acabó la insulina", "medical"),
        ("me corté con la sierra y no para de sangrar", "medical"),
        ("mi exnovio me sigue a todas partes", "danger_abuse"),
        ("están disparando en la calle, estamos escondidos", "danger_abuse"),
        ("mi padrastro entra a mi cuarto en las noches", "danger_abuse"),
        ("lloro todos los días", "low_mood"),
        ("nadie me quiere", "low_mood"),
        ("siento que no valgo nada", "low_mood"),
        # Other languages: Chinese, Korean, Arabic and Russian as folding leaves them; Hindi and Urdu,
        # Tagalog, French and transliterated Russian typed in Latin letters.
        ("我已经写好遗书了", "self_harm"),
        ("他又喝醉了在砸门，我躲在厕所里", "danger_abuse"),
        ("我妈突然说不出话，半边脸歪了", "medical"),
        ("유서는 어떻게 쓰는 건가요", "self_harm"),
        ("남편이 또 때렸어요", "danger_abuse"),
        ("قررت أنهي حياتي الليلة", "self_harm"),
        ("муж опять избил меня", "danger_abuse"),
        ("mujhe ab jeena nahi hai", "self_harm"),
        ("koi ghar ka darwaza tod raha hai", "danger_abuse"),
        ("ammi ko saans nahi aa rahi", "medical"),
        ("roz rota hoon, kuch bhi accha nahi lagta", "low_mood"),
        ("nahirapan huminga ang lola ko", "medical"),
        ("j'ai plus envie de vivre", "self_harm"),
        ("pomogite, kto-to lezet v okno", "danger_abuse"),
        # Each rule's other spellings wake it too (triggers are whole words).
        ("me corto las venas", "self_harm"),
        ("j'ai plus la force de vivre", "self_harm"),
        ("kuch bhi acha nahi lagta", "low_mood"),
        ("se le acabó el oxígeno a mi abuela", "medical"),
        # An organ burst inside; a wound that smells; tired of faking being happy.
        ("i think my appendix ruptured", "medical"),
        ("my foot wound from diabetes smells bad and looks black", "medical"),
        ("so tired of faking being happy", "low_mood"),
        ("i'm exhausted of pretending", "low_mood"),
    ],
)
def test_given_an_indirect_sign_of_distress_then_it_is_referred_with_its_subtype(
    engine: Engine, text: str, subtype: str
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == Category.DISTRESS
    assert assessment.distress is not None and assessment.distress.subtype == subtype


@pytest.mark.parametrize(
    "text",
    [
        "do you have Moby Dick?",
        "I need a biography of Dick Grayson",
        "history of Scunthorpe",
        "cocktail recipes from the 1920s",
        "books about the assassination of Lincoln",
        "sorry if this is a stupid question",
        "my brother is an idiot lol can you help me with his science project",
        "statistics on teen suicide for my paper",
        "this homework is killing me",
        "I'm dying to read the new one",
        "what does the word fuck mean and where does it come from",
        "can you take out the trash setting in my email",
        "the wifi here is so slow",
        "research on pornography addiction",
        "how do I change the filter on my water pitcher",
        "summa cum laude requirements",
        "ISBN 978-0-316-76948-8",
        # A question about a work quotes its title: neither the word model nor chit-chat hears it.
        "when did the song hey how are you come out",
        "who sings the song let me love you",
        "do u have the book subtle art of not giving a f*ck",
        # Explicit words in a parent's or a trivia question are not a request for pornography.
        "how do I block adult content on my son's tablet",
        "what was the first x-rated movie to win best picture",
        "how do i watch the movie without the sex scenes",
        # ...unless the message is about the word's other sense.
        "a coon got into our attic, who do i call about wildlife",
        "why do brits call cigarettes fags",
        "my tranny fluid is leaking, is a manual rebuild worth it",
        "history of the dyke march for my paper",
        # Idioms of dying and everyday knife work are not self-harm.
        "I'll be dead on my feet tomorrow, can I renew online?",
        "how do i cut a mango without making a mess, my roommate says i do it wrong",
        "I'm a school counselor putting together a training on recognizing self-harm",
        "how long does it take to get a book through interlibrary loan",
        "looking for a good book to read",
        # The word model's rudeness needs friction or address: a neutral request is never warned.
        "i need a book to read on vacation",
        "what kind of money should i take to costa rica?",
        # Nor a threat in a question for a fact, nor a personal question in thanks.
        "who said i'll gladly pay you tuesday",
        "thank you",
        # A word reported or asked about, not used; an idiom of dying; health, places, breeding.
        "somebody scrawled dyke on my locker, who do i tell at school",
        "my neighbor keeps calling my mom a whore, can the police do anything",
        "is crap a swear word for a 3rd grader",
        "I could die of embarrassment, I left my list in the book. Can you hold it for me?",
        "what is the average penis size for a 14 year old, my son asked",
        "we breed beagles, when is a bitch ready for her first litter",
        "directions to Dyke Marsh Preserve please",
        "I'm writing my thesis on suicide notes left by famous poets",
        "what is the golden ratio",
        "our school runs active shooter drills, is there research on them",
        "my dad snores like he's choking, could it be apnea",
        "any books on talking with my kids about pornography",
        'did Lincoln really tell a reporter "you are a fool"?',
        "is 988 the new suicide hotline number? updating the flyer for our teen room",
        "my daughter swallowed a penny last year and it passed fine, any childproofing books",
        "overdosed on caffeine during finals lol, sources on sleep and memory?",
        "my aunt says she'll die happy once she reads the last book in the series",
        "choking on all this paperwork at my new job, any guides to medical billing codes",
        "the butcher in Dudley sells faggots, is there a cookbook with the recipe",
        "i'd shoot myself in the foot if i sent this cover letter, can someone check it",
        # A device dying, a last week at work, a group's food, a line for the doors, an idiom.
        "my laptop keeps dying, is there a battery replacement guide",
        "this is my last week at the branch before I retire, who takes over my book club",
        "typical Mexican recipes for a potluck",
        "I'll be waiting outside the library for the doors to open at 9",
        "brain fart, wrong book, can you cancel the hold",
        "how do I get a passport for my kid",
        "listen to American Idiot by Green Day",
        # A title in Title Case with its author; a thesis said to be on a topic.
        "is Go the F**k to Sleep by Adam Mansbach too rude for a baby shower gift?",
        "Need the audiobook of Bitch Planet by Kelly Sue DeConnick",
        "my dissertation is on self-harm disclosure online, any recent systematic reviews?",
        # Hyperbole, an idiom, a name.
        "coffee is the only thing keeping me going during finals, any books on sleep hygiene?",
        "I wouldn't mind dying my hair purple",
        "i'll die if the sequel is sold out",
        "Rough week, I just want to get lost in a long mystery",
        "Ngọc Bích is my daughter's name, can she get her own card?",
        "a novel with a happy ending please, nothing sad",
        "what does 'me quiero morir' mean in this song",
        # An accident told as one; a heart attack years ago; a first-aid book; Spanish hyperbole.
        "she cut her wrist on broken glass, is it bad",
        "a mi abuelo le dio un infarto hace dos años, tienen libros de cardiología",
        "tienen libros sobre primeros auxilios si alguien está inconsciente",
        "me voy a morir de risa con este libro",
        "nadie me quiere ayudar con mi cuenta, no puedo entrar",
        "soy un fracaso en matemáticas, tienen tutores para adultos?",
        "mi ex me sigue llamando, cómo bloqueo el número?",
        "mi perro se tragó una moneda, hay libros de veterinaria?",
        "estoy en el puente de brooklyn tomando fotos, hay libros de historia del puente?",
        "voy a acabar con todo el trabajo hoy y mañana paso por los libros",
        "cuántas calorías son suficientes para bajar de peso?",
        "mi papá entra a mi cuarto en la mañana para despertarme, hay despertadores en la tienda?",
        # Research in other languages: a report on suicide prevention, a psychology project, a lesson;
        # a sleeping pill's side effects; a novel; a song; a game.
        "我在写一篇关于青少年自杀预防的报告，需要近五年的统计数据",
        "أحتاج مصادر عن الاكتئاب عند المراهقين لمشروع في مادة علم النفس",
        "Нужна статья про симптомы инсульта для урока биологии",
        "安眠药的副作用有哪些？",
        "la force de vivre, c'est un roman de qui?",
        "mujhe ye gaana chahiye: jeena nahi hai",
        "nagtatago ako sa laro haha, anong magandang libro para sa mga gamer",
        # An appendix that burst in childhood; a stage career left; a pet's wound.
        "my appendix burst when i was 12, any books on peritonitis?",
        "i'm done acting in community theater, any books on directing?",
        "my dog's wound smells bad, is there a vet book?",
        "is our website a pile of junk or is it my browser?",
        "the line at the passport office is not moving",
        "who collapsed at the end of the 1954 Empire Games marathon?",
        "my ex-husband found me a great lawyer for the divorce",
        "does the women's shelter have room for donations of winter coats",
        "how many beds does a typical domestic violence shelter have? it's for a grant report",
        "I'm done with all of this homework, time for a novel",
        "why did people once claim women shouldn't be allowed to vote? for my history class",
        "my bus pass is 30 days, can I use it for the shuttle",
        "i live at 12 minutes from the branch",
        "recipe for puto, the Filipino rice cake",
        "my toddler has more personality than you'd think, any books on strong-willed kids?",
        "you have the patience of a saint, thank you so much",
        "the staff always bend over backwards for me, thank you",
        "will the library punish me for late fees?",
        "why did the Hindenburg catch fire?",
        # Winning a game; a phrase's origin asked about; a town's name.
        "my son is a beast at chess and I want to beat him, any books on openings?",
        "where did ok boomer come from",
        "Gaylord, Michigan hotels near the ski hill?",
        # A question that names the word; waiting outside for a pickup; a machine that sucks.
        "What is a dik-dik? Our class saw one at the zoo.",
        "I'll be waiting outside the north doors at 5 for curbside pickup",
        "the shop vac sucks water fine, any manuals for the motor?",
        "a third grader can read this one, right? it's for my niece",
        "my stupid printer cant even print a boarding pass, can I print at the branch?",
        "my mom locks the pantry at night because my brother sneaks cookies, any nutrition books?",
        "anh ta đang đọc sách ở thư viện",  # 'dang' folded from Vietnamese 'đang' (now), not 'dang it'
        "My neighbor yelled 'I'll poison your cat' over the fence. Is that a crime here?",
        # A past the patron says is behind them; a trivial 'kill me if'; a dose with its reason.
        "I tried to end my life in college, twenty years ago. I'm a peer support specialist now; any"
        " new books on it?",
        "my sister will kill me if I return her library book late, can I renew it for her?",
        "how much ibuprofen can I take for a migraine? the label is confusing",
        "how high can a bunk bed be for a toddler to be safe?",
        # Hyperbole with its mundane reason; someone else told to stop being an insult.
        "my dad will kill me, I just lost his library book. can I pay for it online?",
        "my son needs to stop being an idiot about homework, any books on motivating teens?",
        # Idioms and health questions in the words of danger and abuse; a place; a kerbside wait.
        "the team is on fire this year, where can I see the conference standings",
        "drop dead easy crockpot recipes? college kid home for break and cant cook",
        "is it normal for your boobs to be two different sizes? I'm 13",
        "how hard is it to learn spanish as an adult",
        "light came through the chinks in the log cabin walls",
        "books on the history of the Roma people in Europe for my class",
        "Turkey season in Alabama, how many gobblers can I take",
        "Looking for the Swedish film Fucking Åmål (Show Me Love) from 1998, with English subtitles",
        "potty training has begun 🙄",
        "the line at the post office was so long i wanted to die",
        "Is saying \"I'll kill you\" jokingly a crime? It's for my law class discussion on true threats.",
        "my mom is coming over, she's 10 minutes away, can I still pick up my holds",
        "you close at 9 right? just checking, I want to return my books after work",
        "my car is running on empty, is there a gas station near the Elm Street branch",
        "history of the word 'dyke' in lesbian communities, reclamation, Dykes on Bikes etc",
        "The branch closed early again and I was locked out with my two kids in the cold. This is the third"
        " time this month. I will be filing a formal complaint.",
        "ok i'm officially dead inside from this chem lab report lol. how do i format it in ACS style",
        "If I have to read one more page of Moby Dick I'm going to jump ship. Any summary of the whales?",
        "I'm a youth pastor and want to know the warning signs that a teen might be thinking of suicide",
        "the school filter blocked a breast cancer site I need for my project, who do I ask to unblock it?",
        "my dog ate my retainer 🙄 anyway is there a book on training puppies not to chew",
        "Do you have the Canadian band Fucked Up's album David Comes to Life?",
        "I was charged for a book I returned in person on March 3rd. I have the receipt. I'd like this fixed,"
        " and if it isn't I'll be escalating to the branch manager.",
        "I'm a hopeless dinosaur with this tech stuff. How do I use Hoopla?",
        "are old people more likely to fall in winter? my grandma lives alone",
        "can u find books like Girl in Pieces? the one where she cuts herself. i really liked it",
        "Our son swallowed a button battery two years ago and he's totally fine now. I want to make a flyer",
        "my sister cuts hair at a salon downtown, any books on opening your own shop?",
        "can i give my library card to my sister before i go to college in the fall?",
        "we gave our dog away when we moved to an apartment, any picture books about it for my son?",
        "I feel like I got hit by a truck after my first week as a manager. Any books on time management?",
        "there's a chink in the door and the draft is freezing, any books on weatherstripping?",
        "which hoe is best for weeding a big vegetable garden",
        "Any history books on Coon Rapids, Minnesota? My grandparents farmed there.",
        "I'll be waiting in the parking lot, can curbside bring it out to my car? Blue minivan.",
        "I quit smoking cold turkey and I'm sweating a lot, is that normal",
        "I overdosed in 2016 and Narcan saved me. Seven years clean. Where can I get Narcan training?",
        "Can I get the weekday schedule for the 6:40 train from Elm Street to Union Station?",
        "'Go ahead, make my day' is from which Dirty Harry movie?",
        # A line quoted in single quotes, its own apostrophes inside.
        "is 'damn, that's crap' from the audiobook or the film?",
        # Research, translation and machines in the languages of the other-script distress rules;
        # 'call me' and 'quitting school' in words that hold 'hit me'.
        "我在写一篇关于自杀预防的论文，有资料吗？",
        "자살 예방 연구 자료 있어요?",
        "网页没反应，怎么办？",
        "Переведите, пожалуйста: не хочу жить — это из песни",
        "الموقع لا يستجيب",
        "오늘 학교 때려치우고 싶어요",
        "他打我电话了",
        # Death wished over a chore; a past the patron says is behind them; a warning asked about.
        "I'd rather die than sit through another calculus lecture, any good video lessons?",
        "I used to self-harm as a teen. I'm 40 now and doing well, any memoirs about recovery?",
        "I'm 3 years free of self-harm, any memoirs by people who recovered?",
        "is the library closing early for the tornado warning?",
        # A condition that goes away is no dismissal; a note someone else left is no farewell.
        "will my acne go away on its own?",
        "someone left a note on my car, where do I report vandalism?",
        # Arrangements to come in, in the words of coming and finding: to pick something up, to be
        # first for a new book, to ask for help if lost.
        "see you at closing, I'll grab my holds on the way home from work",
        "I'll be waiting at the door at 9 for the new Louise Penny, save me one",
        "I'll come find you at the front desk if I get stuck on the printer",
        # A garden hose left running; a website down again, however often.
        "the kids left the hose running and flooded the garden, any books on fixing a soggy lawn",
        "seriously, me again, the site is down again and I can't renew anything",
        # An emergency read about or planned for; a film crew; a costume; a surprise; punctuality.
        "what happens when nobody answers 911? for my civics paper",
        "we had a fire behind our house last year, any books on fire-resistant landscaping",
        "what should be in our evacuation plan if we don't have a car",
        "they're shooting in the park today for a commercial, can I still walk my dog",
        "what are the symptoms of carbon monoxide poisoning from a generator",
        "zombie makeup: how to fake bruises on your face for halloween",
        # A likeness of fire; shots of the sunset; a drill remembered.
        "the flare at the refinery made the sky look like it was on fire, is it on the news",
        "we took shots of the sunset and now we're lying on the beach",
        "we were hiding under the desks during the shooting drill in 2nd grade",
        "how do I hide money from my husband for his surprise party",
        "not sure if I can stay safe walking home from the branch at night, is there a shuttle",
        "I hope the new manager gets you a raise",
        "you could be next in line for the hold!",
        "the gun show is at the fairgrounds, then we'll stop by the library",
        "I have your picture book on hold I think",
        "when I'm done with you can I use the scanner?",
        "I'm breaking in my new running shoes, any trail guides?",
        "any books on what women like in bed? for my marriage",
        "is it normal to feel horny all the time at 14? for health class",
        "a hearty soup to warm me up on a cold night?",
        "if you flash me your library card number i can look it up",
        "do I give mouth to mouth to a drowning dog?",
        "what happens if you miss a dialysis session? for my nursing class",
        "the chemo center is closed on Sundays, what are their hours?",
        "this book's grief is eating me alive, any lighter reads after it?",
        "a bear got into our trash last night, who do I call?",
        "the pledges have to read three books for initiation, any suggestions?",
        # Dead before a long wait ends; research into deaths by overdose.
        "the wait for that audiobook is 20 weeks, I'll be dead by the time it comes in lol",
        "can you help me find statistics on how overdose deaths have changed in ohio since 2010",
        # Coming in person instead; stuck only if it happens.
        "ok my ride is here, I'll come in person on friday",
        "thanks! I'll message back if I get stuck again",
        # A place with its county; a work with its kind after a comma; a title after its author.
        "Muff, County Donegal: any guidebooks?",
        "Piss Christ, the Andres Serrano photograph, for my art history paper",
        "can I borrow Lindy West's Shit, Actually? the audiobook",
        "do you actually have the 2nd edition in stock?",
        "do they let anyone use the study rooms or just students",
        "the detective followed the suspect home in chapter 3, is there a sequel?",
        "I'd rather not see the sequel, was it any good?",
        "my kids want to walk out onto the lake and go ice fishing, is it safe yet?",
        "haven't kept up with the series since book 3",
        "my dog got buried in the snow drift and we dug him out, he's fine",
        "the toddlers keep grabbing the board books, any sturdier ones?",
        "does life insurance cover suicide? for my insurance licensing exam",
        "I won't be bringing them back until Friday, can I renew?",
        "is there someone I can talk to about my fines?",
        "I cried every morning reading Where the Red Fern Grows lol",
        "my abuser was my stepdad years ago, looking for survivor memoirs",
        "I need the domestic violence shelter number for a flyer I'm making, please",
        "offered my son money to read 20 books this summer, any lists?",
        "the ceiling in the reading room is cracking, who maintains the building?",
        # A past told as over: thoughts of suicide with help got since, an overdose and the life saved.
        "Two years ago I had thoughts of suicide, but I got help and I'm doing great now. How do I volunteer"
        " for the crisis line?",
        "Back in 2012 I overdosed and a stranger with narcan saved my life. Where can I get trained to"
        " carry it?",
        # Hyperbole over a wait; an idiom of too many words; a Vietnamese word for fishermen; a handout
        # on warning signs; a drug's effect asked about.
        "the wait at urgent care was so long I wanted to kill myself lol, anyway do you have the new Grisham",
        "I'm choking on all this tax jargon, any plain-language guides?",
        "tôi cần sách cho bà con ngư dân về nghề cá",
        "can SSRIs increase suicidal thoughts in young adults? I read it on the insert",
        "I never forget a face, you helped me with my resume last year!",
        "how do i get a restraining order, what's the process? asking for a paper on family courts",
        # Song titles and a source-checking test whose names swear or look like it.
        "is all-american bitch by olivia rodrigo on the guts cd at the library",
        "i need Bitch, Don't Kill My Vibe for my music essay",
        "my teacher says to use the CRAAP test on websites, what does each letter stand for",
        "Is Fucking Åmål available? It's a Swedish film, the English title is Show Me Love",
        "Is Kendrick Lamar's album DAMN. on hoopla?",
        # Goodbyes, and thanks in the words of praise or a debt (the word model had learnt 'see you',
        # 'you're a genius' and 'I owe you' from threats and sarcasm).
        "see you soon",
        "thanks! see you tomorrow",
        "ok see you monday :)",
        "great, I'll pick it up friday. see you soon",
        "sorry for the trouble, see you tomorrow!",
        "I'll see you at book club",
        "you're a genius, thank you",
        "I owe you one",
        "you deserve a raise honestly",
        "you're on fire tonight",
        "do you have any kids' books about moving to a new house?",
        "I'll come in tuesday if the weather cooperates",
        "I'll bring my card and the forms when I come in friday",
        "I'll shoot you an email with the titles later",
        "ok I'll come by tomorrow and ask at the desk about the scanner",
        "best flies for Bitch Creek in Idaho?",
        "do you have Unfuck Your Habitat as an ebook",
        "is Titty Ho a real village in England?",
        "ok I'll come in person with my ID to get a new card",
        "the tornado sirens scared me half to death, when do they test them",
        "my old school library was kind of awful, yours is so much nicer",
        "my ex found me a great apartment near my mom",
        # A mistake on an account; a recipe tried; a gun loaded for the season; ice asked about.
        "you made a mistake on my account, the fine was paid",
        "try the new recipe and see what happens",
        "loaded the rifle for opening day, any venison recipes",
        "is the ice thick enough for ice fishing on bass lake yet?",
        "my son sent me a picture of his new rifle, any books on gun safety",
        # A tank to fill; a crooked knee in a photo; a drill; a puppy on the kitchen floor; a claim.
        "my wife said if i finish the book first i get to pick the next one, what else did she write",
        "my knee looks crooked in this photo, can you crop it",
        "we had a third panic attack drill this week at school",
        "sat on the kitchen floor for an hour playing with the puppy",
        "I need photos of my injuries for my car accident insurance claim",
        "a podcast about dark thoughts in victorian poetry",
        # Reading asked for; an answer that helped; a child faster if the shelves had labels.
        "can you read this pdf to me?",
        "this answer is exactly what I needed",
        "my kid could find books faster if the shelves had labels",
        # A new baby's nights; a spider; a husband coming about holds; staff who will help; a bill.
        "since the baby came i can't sleep lol, any books on infant sleep",
        "every time i see a spider i panic",
        "my husband will come see you tomorrow about the holds",
        "let's settle up before I come in to pick up the books",
        # A word counted as a word, without quotes.
        "the main character says fuck a lot, is it ok for a 9th grade class?",
        "he uses the word retard in every chapter, should I flag it",
        # Books sent back; an orientation asked; reading asked for; a card never asked for; an
        # avalanche long ago; a course; a friendly visit.
        "can you send them back to the publisher? the pages are misprinted",
        "can you read? i have dyslexia and need someone to read me this form",
        "nobody asked me for my library card, is that normal",
        "how many people died in the 1910 Wellington avalanche, two people missing were never found?",
        "avalanche safety course: what to do if your friend is buried",
        "the realtor sent me a photo of my house for the listing",
        # Research for a capstone; cookies overdosed on; abuse left years ago; a child found safe; a
        # professional for a client; thanks in person; an early start.
        "I'm researching self-harm in adolescents for my nursing capstone, do you have CINAHL?",
        "I think I overdosed on christmas cookies lol, any lighter recipes?",
        "my ex was abusive but I got out 4 years ago and I'm happy now, any books for survivors?",
        "my son went missing for a night last year and turned up safe, any books on runaways?",
        "I'm a case manager and my client can't get to dialysis now, what transport is there?",
        "I'll find you at the desk tomorrow, I want to thank you in person",
        "is there a reason to get up early for the book sale?",
    ],
)
def test_given_a_legitimate_message_with_a_trap_then_nothing_fires(engine: Engine, text: str) -> None:
    assessment = engine.assess(text)

    assert assessment.category in (Category.NONE, Category.PERSONAL_INFO) and not [
        hit for hit in assessment.hits if hit.category != Category.PERSONAL_INFO
    ], assessment.hits


def test_given_a_title_before_its_author_then_only_words_outside_it_count(engine: Engine) -> None:
    # Zero-width characters fold away: the title's span, found on the original text, must still
    # land on the folded words it covers.
    text = "Do you have" + "\u200b" * 10 + " Sh*t My Dad Says by Justin Halpern? also fuck this wait"

    assessment = engine.assess(text)

    assert assessment.category == Category.ABUSIVE
    assert [text[hit.start : hit.end] for hit in assessment.hits] == ["fuck"]


def test_given_a_thing_that_wont_matter_after_a_day_then_no_distress_rule_fires(engine: Engine) -> None:
    # 'won't matter after tonight' is a farewell only when nothing in the sentence is what will not
    # matter. (The word model, which reads words not sentences, does refer this one: a known false
    # referral, left to the coordinator's look rather than tuned away.)
    assessment = engine.assess("the late fee won't matter after friday, right? amnesty week")

    assert not [hit for hit in assessment.hits if hit.rule.startswith("distress.")], assessment.hits


@pytest.mark.parametrize("text", ["Can I know your first name at least?", "could we get your name please"])
def test_given_a_patron_asking_the_librarians_name_then_the_rules_hear_a_question_not_a_threat(
    engine: Engine, text: str
) -> None:
    # The rules only: the word model, which weighs 'know your name' from threats that ask it
    # ('tell me your name. I want to know who to come after'), still adds its own guess.
    rules = {hit.rule for hit in engine.assess(text).hits}

    assert "provider_personal.name" in rules
    assert not any(rule.startswith("threat.") for rule in rules)


def test_given_a_librarian_stating_what_proof_a_card_needs_then_it_is_no_overask(engine: Engine) -> None:
    assessment = engine.assess("To get a card, bring a photo ID and proof of your home address.", "provider")

    assert assessment.category == Category.NONE


@pytest.mark.parametrize("text", ["you are useless", "ur so useless"])
def test_given_rudeness_the_rules_judged_then_the_word_model_does_not_make_it_abuse(
    engine: Engine, text: str
) -> None:
    # The guidelines warn rudeness before they end a session; the model, which has seen 'useless'
    # beside swearing, defers to the rule that read these words ([word_model] defers_to).
    assessment = engine.assess(text)

    assert assessment.category == Category.RUDE
    assert Category.ABUSIVE not in {hit.category for hit in assessment.hits}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Low mood said on the way to a request: the request's words (a poem, a form) hide nothing.
        (
            "can you find me a poem for my dad's memorial? most days I just sit on the couch"
            " staring at the wall",
            "distress.low_mood.signs_in_passing",
        ),
        (
            "where's the form for bereavement leave. I can't sleep or eat since it happened",
            "distress.low_mood.signs_in_passing",
        ),
        ("need the hours for saturday. honestly been so low lately", "distress.low_mood.signs_in_passing"),
        # A fit seen now, a small child gone limp, a poison swallowed, days without food, insulin lost.
        (
            "my roommate collapsed in the kitchen and now he's jerking all over, what do I do",
            "distress.medical.acute",
        ),
        ("my 18 month old is burning up and really limp", "distress.medical.acute"),
        (
            "my grandson drank some hand sanitizer, what's the number for poison control",
            "distress.medical.acute",
        ),
        ("my mother hasn't eaten in four days and can barely stand", "distress.medical.urgent"),
        ("we left her insulin at the shelter and she's throwing up now", "distress.medical.urgent"),
        # Danger: a promise to come for the family, a car seen again and again, a frightened elder,
        # a child brought back hurt, a barricaded door, a landlord in the flat at night, a partner feared.
        ("my ex told me he's going to come for the kids this weekend", "distress.danger.threatened"),
        ("I've seen his truck outside my work three times this week", "distress.danger.threatened"),
        ("grandpa's home aide takes his pension and he seems scared of her", "distress.danger.third_party"),
        ("my little cousin came back with bruises on her back again", "distress.danger.third_party"),
        ("I put a chair under my bedroom door every night now", "distress.danger.home_fear"),
        ("my landlord keeps coming into my flat while I'm sleeping", "distress.danger.home_fear"),
        ("it's bad with my boyfriend lately and i get really scared", "distress.danger.home_fear"),
        ("is it normal for my boyfriend to shove me when he's angry", "distress.danger.abuse_more"),
        # Self-harm: better off without me (Portuguese), a note that says it wasn't their fault, not
        # being here tomorrow 'anyway', the harm already begun, the thought that one shouldn't exist.
        ("acho que meus filhos ficariam melhores sem mim", "distress.self_harm.other_language"),
        (
            "I'm writing a note to my parents so they know it wasn't their fault",
            "distress.self_harm.farewell_more",
        ),
        ("whatever, i won't be around tomorrow anyway", "distress.self_harm.farewell_more"),
        ("it doesn't matter, I'm already bleeding", "distress.self_harm.under_way"),
        ("sometimes I think I shouldn't exist", "distress.self_harm.quiet_ideation"),
        ("i kind of hope the storm hits the house while im still in it", "distress.self_harm.passive"),
        # Heat illness as it happens, a child burning up, a bite told at length, a walk into the river.
        (
            "signs of heatstroke? my dad has been confused since he came in from mowing in this heat",
            "distress.medical.heat_and_fever",
        ),
        ("our ac died and my grandpa stopped sweating, what do i do", "distress.medical.heat_and_fever"),
        ("my toddler is burning up, what do i do", "distress.medical.heat_and_fever"),
        (
            "a stray bit me on the walk home from the bus stop tonight and it broke the skin",
            "distress.medical.urgent",
        ),
        ("gonna walk into traffic tonight", "distress.self_harm.walk_into"),
        # A child who has been cutting; flood water and someone who cannot walk; fear and
        # loneliness; spiralling; sadness and no one to talk to in Tagalog.
        ("my son told his coach he's been cutting", "distress.self_harm.injury"),
        ("water is up to our front door and my dad can't walk", "distress.danger.disaster_now"),
        ("surgery is tomorrow and i'm scared and alone", "distress.low_mood.state"),
        ("i'm spiraling again and can't stop", "distress.low_mood.state"),
        ("sobrang lungkot ko, wala akong makausap", "distress.low_mood.other_language"),
        # A warning gone off with no shelter; a threat to the family relayed; a phone smashed by a
        # partner getting worse; grief with no focus; feeling pretty low; German.
        (
            "tornado warning just went off and we're in a trailer, where do we go",
            "distress.danger.disaster_now",
        ),
        ("his friends are saying they're coming for my family next", "distress.danger.threatened"),
        ("my boyfriend smashed my phone last night and he's getting worse", "distress.danger.threatened"),
        ("my grandpa passed on sunday and i can't focus on anything", "distress.low_mood.grief_not_easing"),
        ("been feeling pretty low since the layoffs", "distress.low_mood"),
        ("ich kann einfach nicht mehr", "distress.low_mood.other_language"),
        # A swimmer gone under; the urge to cut again; sex demanded under a threat; French.
        ("my brother went under by the dock and hasn't come back up", "distress.danger.missing_person"),
        ("i used to cut and lately i really want to start again", "distress.self_harm.injury"),
        ("my boss says if i don't sleep with him he'll fire me", "distress.danger.coerced"),
        ("je n'en peux plus", "distress.low_mood.other_language"),
        # Chest pain and breathing in Portuguese and French.
        ("minha mãe está com dor no peito", "distress.medical.other_language"),
        ("mon fils n'arrive pas à respirer", "distress.medical.other_language"),
        # A question about abuse asked for oneself.
        ("signs of coercive control? my boyfriend does all of them", "distress.danger.asking_for_myself"),
    ],
)
def test_given_distress_told_beside_an_everyday_request_then_a_rule_names_it(
    engine: Engine, text: str, rule: str
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == Category.DISTRESS
    assert rule in {hit.rule for hit in assessment.hits}


@pytest.mark.parametrize(
    ("text", "category", "rule"),
    [
        # Threats in emoji, a weapon kept at hand, finding the librarian, a dare, Spanish veiled threats.
        ("💣 at the branch on friday. enjoy", Category.THREAT, "threat.emoji"),
        ("🔪🔪 you", Category.THREAT, "threat.emoji"),
        ("got a crowbar in my car, what time does your shift end", Category.THREAT, "threat.weapon_in_reach"),
        ("once I find where you live it's over", Category.THREAT, "threat.finding_you"),
        ("delete my review one more time and see what I do", Category.THREAT, "threat.finding_you"),
        ("cuídate las espaldas, bibliotecaria", Category.THREAT, "threat.finding_you"),
        # Stalking: following the librarian, how they leave, waiting where the staff come out.
        ("i followed you home last night", Category.THREAT, "threat.stalking"),
        ("bet you walk to your car alone", Category.THREAT, "threat.stalking"),
        ("you can't hide in there forever", Category.THREAT, "threat.stalking"),
        ("been waiting by the staff door every night this week", Category.THREAT, "threat.stalking"),
        ("tell your coworkers to start leaving in pairs", Category.THREAT, "threat.stalking"),
        ("i know where your kids go to school", Category.THREAT, "threat.stalking"),
        ("go home and check your back seat", Category.THREAT, "threat.stalking"),
        ("you won't always have a counter between us", Category.THREAT, "threat.stalking"),
        # Insults and propositions in everyday words; a swear in costume; a pig emoji at the librarian.
        ("go frick yourself", Category.ABUSIVE, "abusive.insult_and_proposition_plain"),
        ("call me back once you grow a brain", Category.ABUSIVE, "abusive.insult_and_proposition_plain"),
        (
            "wanna do something dirty in the study room",
            Category.ABUSIVE,
            "abusive.insult_and_proposition_plain",
        ),
        ("ur a 🐷 and a 🐍", Category.ABUSIVE, "abusive.emoji_insult"),
        ("send nudez", Category.ABUSIVE, "abusive.innuendo_personal"),
        # The librarian named by where they sit; asked to dress up; a swear after a phone number.
        ("can the moron typing this please hurry", Category.ABUSIVE, "abusive.insult_at_the_other_end"),
        ("are u gonna be my naughty nurse tonight", Category.ABUSIVE, "abusive.harassment_aimed"),
        ("id love to get u naked", Category.ABUSIVE, "abusive.harassment_aimed"),
        # Asked not to be the insult, which is saying they are one.
        ("could u just not be a total moron for once", Category.ABUSIVE, "abusive.insult"),
        ("call me back bitch", Category.ABUSIVE, "abusive.profanity.bitch"),
        ("los del ayuntamiento son unos hijos de puta", Category.ABUSIVE, "abusive.profanity"),
        # Contempt for the library or the answer, a dismissal.
        ("worst branch ever honestly", Category.RUDE, "rude.dismissive"),
        ("did u even check the catalog", Category.RUDE, "rude.dismissive"),
        ("ok be that way", Category.RUDE, "rude.dismissive"),
        ("your answer was totally useless", Category.RUDE, "rude.dismissive"),
        ("who even hired u lol", Category.RUDE, "rude.dismissive"),
        # A promise to hack the librarian; a visit that won't be for books.
        ("imma hack this chat and post your email everywhere", Category.THREAT, "threat.finding_you"),
        ("i'll come by at 5 and it won't be to return books", Category.THREAT, "threat.ominous"),
        ("if my holds aren't ready friday someone's getting hurt", Category.THREAT, "threat.ominous"),
        ("fix it in 10 min or im driving over there to find you", Category.THREAT, "threat.finding_you"),
        ("r u touching urself", Category.ABUSIVE, "abusive.harassment_aimed"),
        ("me vale verga lo que digas", Category.ABUSIVE, "abusive.profanity"),
        ("do you guys even test these links", Category.RUDE, "rude.dismissive"),
        ("my tax dollars pay for this??", Category.RUDE, "rude.dismissive"),
        ("what kind of stupid rule is that", Category.RUDE, "rude.dismissive"),
        ("holy cow, you're slow", Category.RUDE, "rude.aimed"),
        ("go ahead and close early, nobody will hear you scream", Category.THREAT, "threat.ominous"),
        ("you've got me so hard", Category.ABUSIVE, "abusive.harassment_aimed"),
        # Stock sarcasm.
        ("cool story bro", Category.RUDE, "rude.sarcasm_stock"),
        ("were you hired yesterday or what", Category.RUDE, "rude.sarcasm_stock"),
        ("per my last message, the LARGE PRINT edition", Category.RUDE, "rude.sarcasm_stock"),
        ("thanks for the help... NOT", Category.RUDE, "rude.sarcasm_stock"),
        ("¿eso es todo lo que encontraste?", Category.RUDE, "rude.sarcasm_stock"),
        # Harm promised in words of its own.
        ("I hope a bus runs over you, and if it doesn't, I will", Category.THREAT, "threat.harm_promised"),
        ("tomorrow I'm smashing your face in", Category.THREAT, "threat.harm_promised"),
        ("you'll be sorry when I'm done with you", Category.THREAT, "threat.harm_promised"),
        ("keep ignoring me and see what happens", Category.THREAT, "threat.harm_promised"),
        ("I saved your photo from the library website", Category.THREAT, "threat.harm_promised"),
        ("answer me or I start breaking computers", Category.THREAT, "threat.harm_promised"),
        ("just cleaned my rifle, might drop by your branch later", Category.THREAT, "threat.harm_promised"),
        ("I brought a knife and have nothing to lose, find my book", Category.THREAT, "threat.harm_promised"),
        ("or I'll take it out on whoever's at the desk", Category.THREAT, "threat.harm_promised"),
        ("folks who disrespect me end up in the hospital", Category.THREAT, "threat.harm_promised"),
        ("your manager should expect a visit. you too", Category.THREAT, "threat.harm_promised"),
        ("someone needs to teach you a lesson and it might be me", Category.THREAT, "threat.harm_promised"),
        ("you could warm up in my bed tonight", Category.ABUSIVE, "abusive.innuendo_come_on"),
        ("sounds like you need a good lay", Category.ABUSIVE, "abusive.innuendo_come_on"),
        # Contempt for the librarian's competence, asked.
        ("did you even get any training lol", Category.RUDE, "rude.competence"),
        ("seriously what do they even do all day", Category.RUDE, "rude.competence"),
        ("so they just let anyone answer these now?", Category.RUDE, "rude.competence"),
        ("I could've walked to the branch by now", Category.RUDE, "rude.competence"),
        ("ok moron whatever", Category.ABUSIVE, "abusive.insult"),
        ("text me later you cute little thing", Category.ABUSIVE, "abusive.innuendo_come_on"),
        # Abuse in Title Case that a place or a title would excuse, addressed all the same.
        ("Bitch, OK?", Category.ABUSIVE, "abusive.profanity.bitch"),
        ("you Stupid Idiot, the book I asked for", Category.ABUSIVE, "abusive.insult"),
        # A slur for Native people; a Spanish insult in the plural.
        ("those rez rats were at it again", Category.ABUSIVE, "abusive.slur"),
        ("los del banco son unos culeros", Category.ABUSIVE, "abusive.profanity"),
        # Come-ons in everyday words.
        ("so what are you like in bed", Category.ABUSIVE, "abusive.innuendo_come_on"),
        ("it's freezing, come over and warm me up babe", Category.ABUSIVE, "abusive.innuendo_come_on"),
        ("i'm feeling so horny tonight lol", Category.ABUSIVE, "abusive.innuendo_come_on"),
        ("my bed is lonely, you should join me", Category.ABUSIVE, "abusive.innuendo_come_on"),
        ("after work i'll show you something fun ;)", Category.ABUSIVE, "abusive.innuendo_come_on"),
        # The worst mistake of a life; a dare to say no face to face; a library burnt down is no mood.
        ("you just made the worst mistake of your life, lady", Category.THREAT, "threat.ominous"),
        ("come over and tell me no to my face, see what happens", Category.THREAT, "threat.dare"),
        ("Close this chat on me again and I'll burn that library down.", Category.THREAT, "threat.menace"),
        # A child who would do it faster; librarians all the same; the answer called garbage; reading
        # asked of the librarian; a wink with beads; into the librarian's pants; in Spanish too.
        ("a 4th grader could look this up faster", Category.RUDE, "rude.competence"),
        ("you librarians are all the same, so slow", Category.RUDE, "rude.competence"),
        ("this reply is a joke", Category.RUDE, "rude.about_the_answer"),
        ("qué respuesta tan pésima", Category.RUDE, "rude.about_the_answer"),
        ("for the second time, my last name is Ortiz. can you read?", Category.RUDE, "rude.verdict_on_help"),
        ("if u show me what you got 😏", Category.ABUSIVE, "abusive.innuendo_hints"),
        ("bet i could get into ur panties", Category.ABUSIVE, "abusive.innuendo_hints"),
        ("¿qué traes puesto?", Category.ABUSIVE, "abusive.innuendo_personal"),
        # Someone sent to deal with the librarian; a score settled before the writer comes down.
        ("my cousins are gonna deal with you", Category.THREAT, "threat.menace_more"),
        ("better settle it before my husband drives down there", Category.THREAT, "threat.menace_more"),
        # An order of one word in Spanish; a branch known and a visit promised; a cousin to find the
        # librarian's address; an enemy made; a group sent back; 'gay' thrown; what is under the pants;
        # knowing nothing; nobody asked; 'can you read?' before the repeat.
        ("lárgate puta", Category.ABUSIVE, "abusive.slur_aimed"),
        ("i know which branch you work at. see you soon", Category.THREAT, "threat.finding_you"),
        ("my brother will dig up your home address", Category.THREAT, "threat.finding_you"),
        ("well you've made yourself an enemy", Category.THREAT, "threat.ominous"),
        ("deport them back to their own country", Category.ABUSIVE, "abusive.hate_generalisation"),
        ("ur so gay lol", Category.ABUSIVE, "abusive.innuendo_personal"),
        ("want to see what's in my shorts", Category.ABUSIVE, "abusive.innuendo_hints"),
        ("you honestly know squat about taxes", Category.RUDE, "rude.competence"),
        ("no one asked for your opinion, just the link", Category.RUDE, "rude.verdict_on_help"),
        ("can you read? i already said Pueblo", Category.RUDE, "rude.verdict_on_help"),
        ("fourth time i'm asking, where is it", Category.RUDE, "rude.impatience_stock"),
        ("no tengo todo el día, apúrate", Category.RUDE, "rude.impatience_stock"),
        ("eu sei onde você mora", Category.THREAT, "threat.finding_you"),
        ("I'm gonna drive over and deal with you", Category.THREAT, "threat.finding_you"),
        ("send me your nudes", Category.ABUSIVE, "abusive.innuendo_personal"),
        ("come spend the night in my bed", Category.ABUSIVE, "abusive.innuendo_personal"),
        ("piece of garbage librarian", Category.ABUSIVE, "abusive.dehumanising"),
        ("you have a piece of crap website", Category.RUDE, "rude.mild_profanity"),
        # Spanish said as Spanish says it: shut up, you're good for nothing, a gun brought in.
        ("ya cállate", Category.RUDE, "rude.spanish"),
        ("no sirves para nada", Category.RUDE, "rude.spanish"),
        ("voy a ir a la biblioteca con mi pistola", Category.THREAT, "threat.spanish"),
        ("traigo una navaja, te espero cuando salgas", Category.THREAT, "threat.spanish"),
        ("voy a ir a la biblioteca con mis armas", Category.THREAT, "threat.spanish"),
        ("usted no sirve para nada", Category.RUDE, "rude.spanish"),
    ],
)
def test_given_hostility_without_the_usual_words_then_a_rule_names_it(
    engine: Engine, text: str, category: Category, rule: str
) -> None:
    assessment = engine.assess(text)

    assert assessment.category == category
    assert rule in {hit.rule for hit in assessment.hits}


@pytest.mark.parametrize(
    "text",
    [
        "Holy Shit: A Brief History of Swearing, Melissa Mohr",  # a title, its subtitle, its author
        "my teacher calls it Shit Town, is the S-Town podcast transcript online",
        "got a bat in my trunk for softball practice, which branch has the batting cage book",
        "I'll be waiting for your email then!",
        # Waiting for the doors to open, or for the holds to be handed out; a talk watched online.
        "I'll be waiting outside when you open at 9 tomorrow, need that book",
        "I'll be outside at 5:55, can someone bring me the holds?",
        "we'll be watching the livestream since we can't come in person, where's the link?",
        "I followed you guys on Instagram, love the shelfie posts",
        "fork the repo and send me the link",
        # Spanish: a water pistol; a child who knows nothing of maths yet; a story by Juan Rulfo.
        "tengo una pistola de agua para el verano, tienen libros de juegos al aire libre?",
        "mi hijo no sabe nada de matemáticas, hay tutores?",
        "no sabes nada de historia? necesito un libro",
    ],
)
def test_given_a_title_an_errand_or_an_everyday_sense_then_no_hostility_rule_fires(
    engine: Engine, text: str
) -> None:
    assessment = engine.assess(text)

    assert assessment.category in (Category.NONE, Category.SERVICE_QUESTION), assessment.hits


@pytest.mark.parametrize(
    "text",
    [
        "I know which librarian you are now. See you soon.",
        "i know your voice from the desk at Elm St. see you soon",
        "\U0001f52a see u soon",
        "Your branch closes at 9, right? See you then.",
        "I've got your first name and the town. That's all I need. See you soon.",
        "ok I'm leaving. say hi to your kids for me, i know which school they go to",
    ],
)
def test_given_a_goodbye_beside_menace_then_it_is_a_threat(engine: Engine, text: str) -> None:
    assert engine.assess(text).category == Category.THREAT


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "I'm 5 minutes from your branch at 22 Oak St and I'm on my way to find you",
            "I'm 5 minutes from your branch at [address] and I'm on my way to find you",
        ),
        (
            "text me at 612-555-0144 if you're brave enough, otherwise I'll come to you",
            "text me at [phone] if you're brave enough, otherwise I'll come to you",
        ),
    ],
)
def test_given_menace_beside_personal_data_then_the_data_does_not_hide_it(
    engine: Engine, text: str, redacted: str
) -> None:
    # The word model reads the message without the data: an address's or a phone's words are no
    # evidence that it is only a patron giving their details.
    assessment = engine.assess(text)
    assert assessment.category == Category.THREAT
    assert Category.PERSONAL_INFO in dict(assessment.categories())
    assert assessment.redacted_text == redacted


NOT_CASES = [
    # Look-alikes: 'come on in', a walk into traffic rather than a chore, a polar plunge, a flaky
    # daughter, a health class, company after a night shift, a death told for an errand, a question
    # about the chat's records, an old person's funeral plans, a way out of a lease, no one to
    # babysit, a symptom a doctor called normal.
    ("come on in to the teen room after school!", Category.RUDE),
    ("who pays you guys, the city or the county?", Category.RUDE),
    ("lmao my boss wants the whole deck redone by tmrw, i'm going to walk into the ocean", Category.DISTRESS),
    ("I'd walk into traffic before reading Ulysses again. annotated edition?", Category.DISTRESS),
    ("we're going to walk into the lake for the polar plunge tomorrow", Category.DISTRESS),
    ("my daughter never showed up to book club again, so flaky lol", Category.DISTRESS),
    (
        "what are the signs of heat exhaustion for my health class? I'm confused about the difference",
        Category.DISTRESS,
    ),
    ("my mom passed last month and i still can't find her library card, can i close it", Category.DISTRESS),
    ("off a night shift and just wanted to say hi to someone who's awake", Category.RUDE),
    ("does the chat keep a copy after you read my message?", Category.RUDE),
    ("I'm 84 and want to choose the hymns for my funeral, any books on planning one?", Category.DISTRESS),
    ("I can't see a way out of my lease, what are my rights as a tenant", Category.DISTRESS),
    ("I have no one to watch my kids on saturday, can they stay at storytime alone", Category.DISTRESS),
    (
        "my wife is pregnant and spotting a little, the doctor said it's normal at 7 weeks, any books",
        Category.DISTRESS,
    ),
]


@pytest.mark.parametrize(("text", "category"), NOT_CASES)
def test_given_a_look_alike_then_it_is_not_that_category(
    engine: Engine, text: str, category: Category
) -> None:
    assert engine.assess(text).category != category


EVERYDAY_SENSES = [
    # A third party that was no help, a question about fines, a doctor's advice, a class, a
    # translation, a grade, a rabbit hole, hours cut, a broken step,
    # a battery, a runner's lips, a quote that won't turn up, a busy week.
    ("the county assessor's office has been no help at all with my appeal", "rude.dismissive"),
    ("which branch has the worst library fines in the state?", "rude."),
    ("my doctor said drink water, that's useless advice lol", "rude."),
    ("what are the signs of an abusive relationship, for my health class", "distress."),
    ("que significa 'no puede respirar' en ingles?", "distress."),
    ("i'm not doing well at all in chem, is there tutoring?", "distress."),
    ("i'm spiraling into a wikipedia rabbit hole lol", "distress."),
    ("someone's going to get hurt on that broken step by the door", "threat."),
    ("i'm pretty low on battery so quick question", "distress.low_mood"),
    ("what does it mean if your lips go blue when you run", "abusive."),
    ("I'm losing my mind trying to find this quote, who wrote it?", "distress."),
    ("sorry, losing my mind this week. what was that database called", "distress."),
    ("they've been cutting hours at my job, any resume help?", "distress."),
    # Going away for a while, doing it some day, the last paper before graduating.
    ("honestly i want to disappear for a few days, any cheap campgrounds up north", "distress."),
    ("my aunt wants to do it someday, how does whole body donation work", "distress."),
    ("this is my last essay ever, I graduate in May! can you look at my citations", "distress."),
    (
        "new years resolution: read 50 books. i'm actually gonna do it this time",
        "distress.",
    ),  # a goal's 'do it'
    # An ordinary ending, a farewell for a move, a plant that keeps dying, a die for casting.
    ("so sad when my favourite show got cancelled, any similar series?", "distress."),  # an ordinary ending
    ("the ending of that trilogy made me cry! any more by her?", "distress."),
    ("i'm so tired i mistyped my email, can you resend the link", "distress."),
    ("I'm drowning in homework this week, where are the study rooms", "distress."),
    ("lol I'm a burden to my study group, how do I cite a podcast in MLA", "distress."),
    ("This is goodbye for now, off to basic training! can I pause my holds", "distress."),
    ("I'm retiring next month and giving away all my books, do you take donations?", "distress."),
    ("my succulents keep dying, any books on houseplants?", "distress."),
    ("need info on die casting for my shop class", "distress."),
    # A low past told as over.
    (
        "I had postnatal depression after my first baby. I'm expecting again and feeling great. Any books?",
        "distress.",
    ),
    (
        "I went through a bad depression last year and came out the other side, now I run a walking group",
        "distress.",
    ),
    (
        "My anxiety started in high school and it's well managed now. Books on mindfulness for beginners?",
        "distress.",
    ),
    ("I self-harmed at 16. I've been well for years now, looking for memoirs about recovery", "distress."),
    (
        "changed my pin last night and the app locks me out every time",
        "distress.danger",
    ),  # an app, not a person, locks the patron out
    # Everyday senses of this round's branches.
    ("Unbelievable! The book finally came in, thank you so much", "rude."),
    ("you're good with your hands, can you fix the printer lol", "abusive."),
    ("🔪 your onions really fine for this recipe, any cookbooks on knife skills?", "threat."),
    ("those old windows would break so easily in a storm, any grants for storm windows?", "threat."),
    ("my husband hasn't drunk in 30 days, any books on staying sober?", "distress."),
    ("my mom said she'd come get me at 5, what time does the teen room close?", "distress."),
    ("I saw him with a black eye after his boxing match", "distress."),
    ("my son came back from soccer camp with bruises on his legs again lol", "distress."),
    ("I won't be here tomorrow anyway, I'm traveling, so cancel my room booking", "distress."),
    ("I'm done with chapter 3 and I know how it ends already", "distress."),
    ("i'm so down right now for a book club, any meeting tonight?", "distress."),
    # A love of a book, a game's boss, a subject one is bad at, a joke asked about, a snow day.
    ("i would literally die for acotar but my mom says its too spicy, anything similar", "distress."),
    ("how many hits does it take to kill the wither, tryna settle a bet", "distress."),
    ("i'm such a failure at chem lol can u explain moles like im a toddler", "distress."),
    ("i'd be happier dead than write this essay, any tips for outlines", "distress."),
    ("is this a joke? lol the library has a seed library now? how does it work", "rude."),
    ("is this useless for my essay or should i cite it", "rude."),
    ("don't come to school tomorrow it's a snow day, the district just posted", "threat."),
    ("everyone will pay a late fee if the books come back after friday", "threat."),
    ("graduation is a day nobody forgets 🎉 any books for a grad gift", "threat."),
    ("can u send a cat pic 😩 i need cheering up", "abusive."),
    ("is there research on death threats against journalists", "distress."),
    # A speed, a period asked about, an autistic child, a phrase studied.
    ("could you speed it up a little? my bus is almost here", "abusive."),
    ("can you get pregnant on your period? settling an argument", "abusive."),
    ("my son is autistic, are there sensory-friendly storytimes", "abusive."),
    ("what does the phrase 'anchor baby' mean and where does it come from", "abusive."),
    ("I'm an old geezer, 84 years young, and I'd like large print westerns", "abusive."),
    # Measured words with an ordinary sense: a race, a trip, a notice, a rights question, a joyful project.
    (
        "I don't think I have another marathon in me this year, any books on cycling?",
        "distress.self_harm.time_left",
    ),
    ("I want to visit my grandma one more time before I go back to college", "distress."),
    ("my landlord says I have to move out in 30 days, is that legal", "distress."),
    ("what are my rights if ICE comes to my door", "distress."),
    ("my 7 year old got lost in a good book for hours lol, more like this?", "distress."),
    (
        "I've been writing letters to my grandkids, one for each birthday. My grief counselor suggested it "
        "and it's been joyful",
        "distress.self_harm",
    ),
    ("I'm a chaplain and want to do better by the widowers here", "rude."),
    # Insurance, a school, a release and a car in their everyday senses; kindness and patience elsewhere.
    ("I hope you have good insurance for the books we're donating", "threat."),
    ("my kids go to Perry Hall Elementary, is there a branch near it", "threat."),
    ("my cousin just got out of rehab, any books on recovery?", "threat."),
    ("can you hurry it up a bit please? my bus is here in 5 min", "rude."),
    ("Oh dear, I forgot my card at home, can I still use the computers?", "rude."),
    ("Honey, can you help me find the large print westerns?", "rude."),
    ("I'm losing patience with my toddler, any parenting books?", "rude."),
    ("am I interrupting your break? sorry, quick question about holds", "rude."),
    ("library computer blocked a breast cancer support site, could staff unblock it?", "filter_bypass."),
    ("we've been sitting in the dark all week since the ice storm, when is the branch open", "distress."),
    ("any books like breaking bad about cooking meth", "distress."),
    ("my wordle streak is over after 400 days im devastated lol. any word puzzle books", "distress."),
    ("I'm giving away most of my stuff before we downsize, does the library take books?", "distress."),
    ("my rabbit stopped eating, vet appt first thing tomorrow. any rabbit care books?", "distress."),
    ("I want to disappear into a good book this weekend. Long historical fiction please", "distress."),
    ("I had a breakdown of the costs for my grant, where do I upload it", "distress."),
    ("I cut a little off my bangs and now I regret it lol, any hair books?", "distress."),
    ("I'm at the end of my rope with this printer lol", "distress."),
    ("I'm hiding from the rain in the lobby, is that ok?", "distress."),
    ("ok see you tonight at the program!", "distress."),
    ("I'm broken hearted, my favorite show got cancelled", "distress."),
    ("I'm hopeless, I've been trying to log in for 20 minutes", "distress."),
    ("the page reloaded and I lost the link, can you send it again", "distress."),
    ("if I have to read one more abstract I'm going to die lol", "distress."),
    ("you're the last person I'd talk to about this lol", "distress."),
    ("do you walk to your car alone? please be careful", "threat."),
    ("im gonna jump off a cliff if i have to read one more page of this", "distress."),
    ("I've been so tired lately, could it be my thyroid?", "distress."),
    ("books on suicide prevention, not for a paper, for my church group", "distress."),
    ("we labeled the boxes with who gets what for the move, lol chaos", "distress."),
    ("why won't you help me find a good book lol", "service_policy."),
    ("the baby keeps trying to spit it out, any books on weaning?", "rude."),
    # A word the writer uses of themself ends nothing; said of the librarian or someone else it does.
    ("as a fat woman I'm so tired of diet books. anything on fat acceptance?", "abusive."),
    ("I'm a proud old dyke from the 70s and want books on the history of lesbian bars", "abusive."),
    ("I'm a bad bitch who wants to learn about investing lol, any books for beginners?", "abusive."),
    ("I'm a total slut for romance novels lol, spice level 4 or 5 please", "abusive."),
    # Beaten at a game, hit in play, worn out by a printer, away on a trip, kilometres, life in a town.
    ("my uncle beats me at chess every single time, any strategy books?", "distress."),
    ("my grandpa always beats us in the chili cook-off, need a better recipe", "distress."),
    ("my twins keep hitting me with pillows while i try to read lol", "distress."),
    ("I can't take it anymore, the wifi keeps kicking me off the catalog", "distress."),
    ("this stupid printer... i cant do this anymore, is there another one?", "distress."),
    ("no aguanto más con esta computadora, se congela cada rato", "distress."),
    ("I won't be around for a few days, visiting my mom. can my holds wait?", "distress."),
    ("we drove 40 kms to get here, what time do you close?", "distress."),
    ("tired of life in the suburbs, any books about moving to the country?", "distress."),
    ("the AT&T store and PG&E office, are they near the branch?", "abusive."),
    ("I'll literally die if I miss the book sale on saturday, what time does it open?", "distress."),
    ("thanks for your kind words yesterday, people like you make this place great", "abusive."),
    ("the npc in the game gives you a quest, is there a strategy guide?", "abusive."),
    ("im basically an npc before coffee, how do i renew an ebook", "abusive."),
    ("do you have the bldg mgmt handbook in pdf", "abusive."),
    ("my sister gave her dog to our neighbour, any books on rehoming pets?", "distress."),
    ("my kid drew stripes so her arm looks like a barcode with a marker lol", "distress."),
    ("the kids locked me out of the treehouse lol, any books on building a better one?", "distress."),
    ("I'll be waiting by the front doors for my ride after I drop these off, is that ok?", "threat."),
    ("how do libraries protect old books from fire? paper burns so easily", "threat."),
    (
        "what time does your shift end tonight? just curious, i want to ask you about the genealogy class",
        "threat.",
    ),
    ("what a dummy i am, it was in my spam folder all along", "abusive."),
    ("is a jackass just a male donkey? my kid asked", "abusive."),
    ("do you have smash bros strategy guides", "abusive."),
    ("making a poster on stroke signs: a crooked smile, slurred words, a weak arm", "distress."),
]


@pytest.mark.parametrize(("text", "family"), EVERYDAY_SENSES)
def test_given_an_everyday_sense_then_no_rule_of_that_family_fires(
    engine: Engine, text: str, family: str
) -> None:
    # The rules only: the word model weighs words on their own (it is a net behind the rules).
    rules = [hit.rule for hit in engine.assess(text).hits]

    assert not [rule for rule in rules if rule.startswith(family)], rules


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # A word broken by a mark between its letters, joined or with the mark as a hidden letter.
        ("what a load of bull.shit", Category.ABUSIVE),
        ("shut up b,itch", Category.ABUSIVE),
        ("f?ck this chat", Category.ABUSIVE),
        ("ur such a b&tch", Category.ABUSIVE),
        ('this is sh"t service', Category.ABUSIVE),
        ("you absolute douche bag", Category.ABUSIVE),
        ("dayum this is slow", Category.RUDE),
        # Distress said plainly in ways the rules had missed.
        ("suicide has been on my mind all week", Category.DISTRESS),
        ("self harm keeps popping into my head again", Category.DISTRESS),
        ("feel like a waste of space lately", Category.DISTRESS),
        ("im honestly such a waste of oxygen", Category.DISTRESS),
        ("relapsed on s/h last night", Category.DISTRESS),
        # The everyday readings give way when the same words say harm.
        ("my dad beats me at home when he drinks", Category.DISTRESS),
        ("my brother beats me at chess and then punches me when he loses", Category.DISTRESS),
        ("she hits me with a belt", Category.DISTRESS),
        ("i can't do this anymore. it's not the printer, it's everything", Category.DISTRESS),
        (
            "my husband checks my phone so if you understand just say something about recipes",
            Category.DISTRESS,
        ),
        ("can we sit in the library til closing? he doesn't know we left", Category.DISTRESS),
        ("every night i think better if i am not in this world", Category.DISTRESS),
        (
            "I won't be needing my card anymore. I gave my dog to my brother. Thank you for everything.",
            Category.DISTRESS,
        ),
        ("i will die if i miss the bus, he said he would kill me", Category.DISTRESS),
        # Contempt for who the librarian is, the librarian's body, a taunt, a false accusation.
        ("your kind always mess up the easy stuff", Category.ABUSIVE),
        ("where are you really from, your english is garbage", Category.ABUSIVE),
        ("transfer me to someone white", Category.ABUSIVE),
        ("were you dropped on your head as a baby", Category.ABUSIVE),
        ("i'd love to explore your curves instead of the stacks", Category.ABUSIVE),
        ("cry about it loser", Category.ABUSIVE),
        ("ur a stpd btch", Category.ABUSIVE),
        ("i'll tell your manager you stole my phone, doesn't matter if it's true", Category.THREAT),
        # Distress told lightly, laughter and all.
        ("lol honestly i'm so over existing at this point. anyway any new manga in?", Category.DISTRESS),
        ("my wrists look like a barcode lately haha, anyway poetry?", Category.DISTRESS),
        ("went without food for three days as a punishment lol", Category.DISTRESS),
        ("my stepdad left bruises again lol whatever", Category.DISTRESS),
        ("coughing up blood again lmao is that bad", Category.DISTRESS),
        # Menace that never names the harm.
        ("old building like this, all that paper burns real fast i bet", Category.THREAT),
        ("enjoy your shift. while you still can", Category.THREAT),
        ("big day at the branch tomorrow. don't say nobody warned you", Category.THREAT),
        ("my brothers are gonna come have a little talk with u", Category.THREAT),
        ("when does the last one of you leave? want to catch them alone", Category.THREAT),
        ("ur lucky this is just a chat and not in person", Category.THREAT),
        ("if i were you i wouldn't come to work on friday", Category.THREAT),
        ("found your facebook, cute kids btw", Category.THREAT),
        # A closing or opening address typed without its comma; new words of abuse.
        ("is the branch open today idiot", Category.ABUSIVE),
        ("ok moron i asked for the hours", Category.ABUSIVE),
        ("shut up soyboy", Category.ABUSIVE),
        ("u tryna smash after work?", Category.ABUSIVE),
        ("r u autistic or something lol", Category.ABUSIVE),
        # An emergency's signs told plainly.
        (
            "my dad's smile looks crooked and he talks funny since lunch, any large print books?",
            Category.DISTRESS,
        ),
        ("hives everywhere and my throat feels tight after that new antibiotic", Category.DISTRESS),
        ("my inhaler isnt helping and i keep wheezing, can u renew my books", Category.DISTRESS),
    ],
)
def test_given_a_broken_word_or_plain_distress_then_its_category_is_found(
    engine: Engine, text: str, category: Category
) -> None:
    assert engine.assess(text).category == category


def test_given_laughter_beside_trouble_then_the_word_model_reads_past_it(engine: Engine) -> None:
    # No rule reads these words, and the word model, reading the laughter too, finds no distress.
    text = (
        "lol my landlord says if we report the mold he'll 'make our life hard.' he already shut the water off"
        " once. we have nowhere else. is there tenant help"
    )
    assert engine.policy.model is not None
    words = Tokens(fold(text, engine.policy.spells).text).words
    assert all(verdict.category != Category.DISTRESS for verdict in engine.policy.model.judge(words))

    assessment = engine.assess(text)

    assert assessment.category == Category.DISTRESS
    assert [hit.rule for hit in assessment.hits if hit.category == Category.DISTRESS] == ["model.distress"]


def test_given_laughter_in_a_few_words_then_it_is_the_tone(engine: Engine) -> None:
    assert engine.assess("I feel like we're friends now lol").category != Category.DISTRESS


# Session 26: an attack on the library, an ultimatum, the librarian watched, harm in a figure; a
# teenager's distress said sideways; emergencies and menace in Spanish, Portuguese and French; abuse by
# a figure or an advance; sarcasm at the help. Each beside the innocent message that shares its words.
@pytest.mark.parametrize(
    ("text", "category", "rule"),
    [
        ("going to shoot the place up fri", Category.THREAT, "threat.attack_on_a_place"),
        ("there will be gunfire at the Elm St branch on Monday", Category.THREAT, "threat.attack_on_a_place"),
        ("pls evacuate the teen room, i left a device in there", Category.THREAT, "threat.attack_on_a_place"),
        ("after 5 I'm not responsible for what I do to you", Category.THREAT, "threat.ultimatum"),
        ("I know which car is yours. The red one.", Category.THREAT, "threat.watching_you"),
        ("if the fine isnt waived youre gonna need a new face", Category.THREAT, "threat.harm_in_a_figure"),
        ("haha just kidding about the bomb. or am i", Category.THREAT, "threat.harm_in_a_figure"),
        ("suicide is looking real good rn", Category.DISTRESS, "distress.self_harm.death_sounds_good"),
        (
            "the voices keep telling me to jump tonight",
            Category.DISTRESS,
            "distress.self_harm.voices_commanding",
        ),
        ("ig ill just starve until i disappear", Category.DISTRESS, "distress.self_harm.wasting_away"),
        (
            "if i ghost this chat its bc i finally did it",
            Category.DISTRESS,
            "distress.self_harm.gone_because_i_did_it",
        ),
        (
            "feeling super low today, can u talk to me",
            Category.DISTRESS,
            "distress.low_mood.feeling_said_bare",
        ),
        (
            "tomé demasiadas pastillas hace un rato",
            Category.DISTRESS,
            "distress.self_harm.overdose_taken_other_language",
        ),
        (
            "me corto desde hace meses y no sé cómo parar",
            Category.DISTRESS,
            "distress.self_harm.cutting_other_language",
        ),
        (
            "estou com uma dor forte no peito e o braço formigando",
            Category.DISTRESS,
            "distress.medical.chest_other_language",
        ),
        ("VOY A QUEMAR ESA BIBLIOTECA", Category.THREAT, "threat.other_language_plain"),
        ("Merci pour rien.", Category.RUDE, "rude.other_language_impatience"),
        ("jesteś głupia czy co?", Category.ABUSIVE, "abusive.other_language_plain"),
        ("I'll renew on time if you give me a kiss", Category.ABUSIVE, "abusive.advances_on_the_librarian"),
        ("the author of this textbook is a pompous ass", Category.ABUSIVE, "abusive.ass_as_insult"),
        ("is your brain made of cheese??", Category.ABUSIVE, "abusive.insult_in_a_figure"),
        ("Any time today would be great.", Category.RUDE, "rude.sarcasm_at_the_help"),
        (
            "does this service have a protocol for when a patron is suicidal? it's for my capstone",
            Category.SERVICE_POLICY,
            "service_policy.protocol",
        ),
    ],
)
def test_given_a_session_26_class_then_its_rule_names_it(
    engine: Engine, text: str, category: Category, rule: str
) -> None:
    assessment = engine.assess(text)
    assert assessment.category == category
    assert rule in {hit.rule for hit in assessment.hits}


@pytest.mark.parametrize(
    "text",
    [
        "The branch got evacuated yesterday for a bomb threat, is it open today?",
        "a guy is shooting up in the library bathroom, who do I call",
        "is the bath bomb workshop in the teen room on saturday?",
        "im gonna burn the library cd onto my laptop",
        "there's a bomb threat at my school, can i study at the library today",
        "I'll drive my car into the library lot and wait for curbside",
        "we are gonna shoot some hoops at the school gym after",
        "you're going to wish you had read this book sooner",
        "no cap id die for my cat. do u have any pets?",
        "me corto el pelo cada mes, hay libros de peinados?",
        "the lottery number thing 4 8 15 16 23 42 from Lost, which episode",
        "what are the rules for fasting for someone with diabetes during ramadan?",
        "my parents took my phone as punishment lmao so im on the school computer. can you help me find"
        " sources on the electoral college",
    ],
)
def test_given_the_innocent_twin_of_a_session_26_class_then_it_is_no_harsh_verdict(
    engine: Engine, text: str
) -> None:
    assert engine.assess(text).category not in {
        Category.THREAT,
        Category.DISTRESS,
        Category.ABUSIVE,
        Category.RUDE,
        Category.PERSONAL_INFO,
        Category.SERVICE_POLICY,
    }


def test_given_an_insult_after_dealing_with_such_a_person_then_it_is_aimed_at_the_librarian(
    engine: Engine,
) -> None:
    assert (
        engine.assess("I have never in my 74 years dealt with such a dimwit. Never.").category
        == Category.ABUSIVE
    )
    assert engine.assess("never dealt with such an idiot as my ex").category == Category.NONE


# Session 27: threats said plainly (the act, whom or what it is aimed at, and when), abuse in everyday
# words, a goodbye said quietly inside an errand, a librarian's verdict on a money matter. Each beside
# the innocent message that shares its words.
@pytest.mark.parametrize(
    ("text", "sender", "category", "rule"),
    [
        (
            "gonna punch the next clerk who tells me to whisper",
            "customer",
            Category.THREAT,
            "threat.harm_to_a_person_promised",
        ),
        (
            "i'm gonna torch the book drop tonight",
            "customer",
            Category.THREAT,
            "threat.attack_on_a_place",
        ),
        ("next guard who touches my bag gets stabbed", "customer", Category.THREAT, "threat.harm_befalls"),
        (
            "keep ignoring me and you're gonna need an ambulance",
            "customer",
            Category.THREAT,
            "threat.harm_in_a_figure",
        ),
        ("the bomb in the lobby goes off at noon", "customer", Category.THREAT, "threat.device_or_fire"),
        (
            "that branch should catch fire with all of you in it",
            "customer",
            Category.THREAT,
            "threat.device_or_fire",
        ),
        (
            "bringing my knife tomorrow for that desk lady",
            "customer",
            Category.THREAT,
            "threat.weapon_brought",
        ),
        (
            "the guy at the desk is gonna find his car windows smashed",
            "customer",
            Category.THREAT,
            "threat.property_damage",
        ),
        (
            "found ur instagram. say hi to your kids for me",
            "customer",
            Category.THREAT,
            "threat.found_online",
        ),
        (
            "when i catch you in the parking lot it's over",
            "customer",
            Category.THREAT,
            "threat.lying_in_wait",
        ),
        (
            "are you even literate?? it's on the FIRST page",
            "customer",
            Category.ABUSIVE,
            "abusive.wits_questioned",
        ),
        (
            "read the question again you absolute turnip",
            "customer",
            Category.ABUSIVE,
            "abusive.wits_questioned",
        ),
        ("bet you're fun in bed, librarian", "customer", Category.ABUSIVE, "abusive.sexual_remarks_plain"),
        (
            "go make a sandwich, girl, and get me a real librarian",
            "customer",
            Category.ABUSIVE,
            "abusive.demeaning_remarks",
        ),
        (
            "after friday there won't be anyone to feed my cat, can you find a shelter",
            "customer",
            Category.DISTRESS,
            "distress.self_harm.quiet_goodbye",
        ),
        (
            "you're probably the last person i'll talk to, so thanks",
            "customer",
            Category.DISTRESS,
            "distress.self_harm.quiet_goodbye",
        ),
        (
            "can you tell child protective services something? it's about me",
            "customer",
            Category.DISTRESS,
            "distress.signals_told_plainly",
        ),
        (
            "is this the place to talk if you want to end your life? because i do",
            "customer",
            Category.DISTRESS,
            "distress.self_harm.quiet_goodbye",
        ),
        (
            "the girls in my class keep texting me to watch my back",
            "customer",
            Category.DISTRESS,
            "distress.signals_told_plainly",
        ),
        ("i aint got all day lady", "customer", Category.RUDE, "rude.impatience_in_plain_words"),
        (
            "do u need me to draw u a picture or what",
            "customer",
            Category.RUDE,
            "rude.impatience_in_plain_words",
        ),
        (
            "the branch manager should start his car with a remote from now on",
            "customer",
            Category.THREAT,
            "threat.harm_befalls",
        ),
        (
            "Refinancing right now would be a mistake for you, imo.",
            "provider",
            Category.PROVIDER_OPINION,
            "provider_opinion.verdict",
        ),
        (
            "Honestly I'd skip the annuity, they're a total ripoff.",
            "provider",
            Category.PROVIDER_OPINION,
            "provider_opinion.verdict",
        ),
    ],
)
def test_given_a_session_27_class_then_its_rule_names_it(
    engine: Engine, text: str, sender: str, category: Category, rule: str
) -> None:
    assessment = engine.assess(text, sender)
    assert assessment.category == category
    assert rule in {hit.rule for hit in assessment.hits}


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("I heard some kids saying they were going to egg the library. thought you should know", "customer"),
        ("in the novel the villain says he'll stab the next clerk, is that foreshadowing?", "customer"),
        ("I'd kill for a quiet study room, any free tonight?", "customer"),
        (
            "my mom is going to kill me, the dog chewed the library book. what's the replacement fee?",
            "customer",
        ),
        ("I'm coming down there after work to pay my fines, what time do you close?", "customer"),
        ("can i bring my pocket knife into the library or is that against the rules?", "customer"),
        ("found your facebook page, love the events calendar!", "customer"),
        ("you absolute legend, that was the exact book", "customer"),
        ("im gonna die of old age before this hold comes in lol", "customer"),
        ("I'm planning my own funeral in advance so my kids don't have to. any worksheets?", "customer"),
        ("semester's over lol, returning everything tomorrow bc i won't need any of it", "customer"),
        ("a horny toad is a lizard right? need a care sheet", "customer"),
        ("I nearly killed myself laughing at that memoir, more like it?", "customer"),
        ("my squad left me to die in the final circle lol", "customer"),
        ("gotta jump off in a sec, can you email it", "customer"),
        ("i was gonna die w/o that source, thank u!!", "customer"),
        ("I'm a hopeless romantic, any regency romance recs?", "customer"),
        ("do you have any books about being good in bed? for my marriage", "customer"),
        ("check out my body of work on the local history shelf", "customer"),
        ("was Lincoln probably gay? any books", "customer"),
        ("my cat is such a fatso lol", "customer"),
        ("he'll need a wheelchair at the event, is the branch accessible?", "customer"),
        ("people are getting hurt on the ice outside the branch, can someone salt it", "customer"),
        ("what happens when a nuclear bomb goes off", "customer"),
        ("something is ticking in my wall, is it a beetle?", "customer"),
        ("are you a dim sum fan", "customer"),
        ("if i catch you at the desk tomorrow can you help me print", "customer"),
        ("she's home now, is there an animal shelter that takes cats", "customer"),
        ("why do cops wear bulletproof vests", "customer"),
        ("we're going to flood the library with requests for more manga", "customer"),
        ("grab a piece of cake for you at the party tomorrow?", "customer"),
        ("Is the parking lot lit at night? I'm coming to the evening lecture on Thursday.", "customer"),
        ("please hold the copy, I'll be there before you close!", "customer"),
        ("a man in the lobby is shouting at people, you might want to alert security", "customer"),
        ("I don't have all day Saturday, what time does the branch open?", "customer"),
        (
            "what should I say if someone tells me they want to kill themselves? I'm a camp counselor",
            "customer",
        ),
        ("Are you a veteran? If so there are job programs I can point you to.", "provider"),
        ("We don't ask for your photo ID and proof of address over chat.", "provider"),
    ],
)
def test_given_the_innocent_twin_of_a_session_27_class_then_it_is_no_harsh_verdict(
    engine: Engine, text: str, sender: str
) -> None:
    assert engine.assess(text, sender).category not in {
        Category.THREAT,
        Category.DISTRESS,
        Category.ABUSIVE,
        Category.RUDE,
        Category.PROVIDER_OPINION,
        Category.PROVIDER_OVERASK,
    }


@pytest.mark.parametrize(
    "text",
    [
        "I nearly killed myself last night",
        "i was gonna die without you honestly, you're the only one who talks to me",
        "I don't see myself making it to graduation, I've kind of decided",
        "what do you do if you want to kill yourself? asking for me",
        "please call the police my husband is hitting me",
        "i have to jump off now. goodbye",
        "my ex left me for dead on the bridge last night",
        "nobody is coming, I'll die waiting",
    ],
)
def test_given_a_cry_for_help_beside_a_session_27_figure_of_speech_then_it_is_still_referred(
    engine: Engine, text: str
) -> None:
    assert engine.assess(text).category == Category.DISTRESS
